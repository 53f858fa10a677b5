// A delegate's vote list reloads when a poll opens or closes, so the ballot appears on the
// phone the moment the chair opens the vote.
(function () {
  "use strict";
  const root = document.querySelector("[data-live-congress]");
  if (!root || !window.DahuiLive) return;
  window.DahuiLive.connect({
    congressId: Number(root.dataset.liveCongress),
    onEvent: function (event) {
      if (event.type === "poll.opened" || event.type === "poll.closed") {
        window.location.reload();
      }
    },
  });
})();
