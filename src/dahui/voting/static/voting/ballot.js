// The ballot page: count the 赞成 marks, show the write-in field beside 不赞成 only, and stop
// an over-vote before it is sent (the server refuses one anyway, with the rule's reason).
(function () {
  "use strict";
  const form = document.querySelector("form.ballot[data-seats]");
  if (!form) return;
  const seats = Number(form.dataset.seats);
  const bar = document.getElementById("tally-bar");
  const submit = form.querySelector("button[type=submit]");

  function refresh() {
    let chosen = 0;
    form.querySelectorAll(".ballot-row").forEach(function (row) {
      const marked = row.querySelector("input[type=radio]:checked");
      const mark = marked ? marked.value : "";
      const writeIn = row.querySelector(".write-in");
      if (mark === "for") chosen += 1;
      if (writeIn) {
        const input = writeIn.querySelector("input");
        writeIn.hidden = mark !== "against";
        if (mark !== "against") input.value = "";
        if (mark === "against" && input.value.trim()) chosen += 1;
      }
    });
    const over = chosen > seats;
    bar.classList.toggle("over", over);
    bar.textContent = over ? bar.dataset.over.replace("%s", chosen) : bar.dataset.count.replace("%s", chosen);
    submit.disabled = over;
  }
  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);
  // The marks may come back after this script ran: the browser restores form fields on
  // load and on a page taken from its back-forward cache (the phone's Back button after the
  // review page). Count again each time, so the bar never says 0 beside marked rows.
  window.addEventListener("pageshow", refresh);
  window.addEventListener("load", refresh);
  refresh();
})();
