// The ballot box was busy (503): send the same ballot, with the same key, again after the
// server's Retry-After, so that a voter need not press anything; a repeat is never a second
// ballot.
(function () {
  "use strict";
  const form = document.getElementById("resend");
  if (!form) return;
  const seconds = Number(form.dataset.after) || 2;
  window.setTimeout(function () { form.submit(); }, (seconds / 2 + Math.random() * seconds) * 1000);
})();
