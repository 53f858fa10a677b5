// The hall screen's result panel: fetch the fragment again every few seconds, so a result
// published from the desk appears without anyone touching the projector.
(function () {
  "use strict";
  const panel = document.getElementById("screen-result");
  if (!panel) return;
  async function refresh() {
    try {
      const response = await fetch(panel.dataset.partial, { cache: "no-store" });
      if (response.ok) panel.innerHTML = await response.text();
    } catch (error) {
      // The projector keeps the last result shown until the network is back.
    }
  }
  setInterval(refresh, 5000);
})();
