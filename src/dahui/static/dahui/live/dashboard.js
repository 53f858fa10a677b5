// The secretariat's dashboard follows the live stream: a check-in anywhere in the hall
// changes 应到/实到/quorum here at once. figures.js keeps polling underneath as the fallback.
(function () {
  "use strict";
  const page = document.querySelector("[data-live-congress]");
  const box = document.getElementById("figures");
  const holder = document.getElementById("live-figures");
  if (!page || !box || !holder || !window.DahuiLive) return;
  const quorum = document.getElementById("quorum");

  function show(figures) {
    box.querySelectorAll("[data-field]").forEach((el) => {
      const value = String(figures[el.dataset.field]);
      if (el.textContent !== value) el.textContent = value;
    });
    if (quorum) {
      const reached = figures.has_quorum && figures.entitled > 0;
      quorum.className = "badge " + (reached ? "yes" : "no");
      quorum.textContent = reached ? quorum.dataset.yes : quorum.dataset.no;
    }
  }

  window.DahuiLive.connect({
    congressId: Number(page.dataset.liveCongress),
    onState: (snapshot) => {
      // Only the session the page shows: the snapshot follows the current session.
      const figures = snapshot.attendance;
      if (figures && String(figures.session_id) === holder.dataset.session) show(figures);
    },
    onMode: (mode) => { box.dataset.liveMode = mode; },
  });
})();
