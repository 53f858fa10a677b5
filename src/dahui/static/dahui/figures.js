// Keeps the attendance figures on a desk page current by polling their JSON.
(function () {
  const box = document.getElementById("figures");
  if (!box) return;
  const quorum = document.getElementById("quorum");
  async function refresh() {
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const figures = await response.json();
      box.querySelectorAll("[data-field]").forEach((el) => {
        el.textContent = figures[el.dataset.field];
      });
      if (quorum) {
        // With nobody entitled yet (no roster) a quorum of zero is no news worth a green badge.
        const reached = figures.has_quorum && figures.entitled > 0;
        quorum.className = "badge " + (reached ? "yes" : "no");
        quorum.textContent = reached ? quorum.dataset.yes : quorum.dataset.no;
      }
    } catch (error) {
      // The next poll tries again; a desk page must not break on a network blip.
    }
  }
  setInterval(refresh, 5000);
})();
