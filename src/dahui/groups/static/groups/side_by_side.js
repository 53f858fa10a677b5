/* The side-by-side page follows its item: when a group saves, submits or takes back a
 * summary of it, the columns are fetched again (the page itself, through its access gate). */
(function () {
  "use strict";
  const heading = document.getElementById("side-by-side");
  if (!heading || !window.DahuiLive) return;
  const itemId = Number(heading.dataset.item);
  let timer = null;

  function refresh() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html");
        const columns = fresh.getElementById("summary-columns");
        const current = document.getElementById("summary-columns");
        if (columns && current) current.replaceWith(columns);
        const note = document.getElementById("live-note");
        if (note) note.hidden = false;
      })
      .catch(() => {});
  }

  window.DahuiLive.connect({
    congressId: Number(heading.dataset.liveCongress),
    onEvent: function (event) {
      if (event.type === "discussion.summary" && event.item_id === itemId) {
        clearTimeout(timer);
        timer = setTimeout(refresh, 300);
      }
    },
  });
})();
