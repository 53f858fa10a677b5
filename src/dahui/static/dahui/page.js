// Small behaviours every page may use, declared by data attributes instead of inline
// handlers (the Content-Security-Policy allows no inline script):
//   data-submit-on-change  on a form field: submit its form when the value changes
//   data-history-back      on a button or link: go back a page instead of following it
"use strict";
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.requestSubmit();
});
document.addEventListener("click", (event) => {
  const back = event.target.closest("[data-history-back]");
  if (back) {
    event.preventDefault();
    history.back();
  }
});
