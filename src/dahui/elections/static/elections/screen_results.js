// The results page for the projector: fetch the fragment again every few seconds, so a
// result published from the desk appears without anyone touching the projector, and lay
// it out to fit the screen (pages.js turns its pages when it cannot fit on one).
(function () {
  "use strict";
  const panel = document.getElementById("screen-result");
  if (!panel) return;
  const versionOf = (node) => {
    const section = node.querySelector(".screen-result");
    return section ? section.dataset.version || "" : "";
  };
  let shown = versionOf(panel);
  const layout = () => { if (window.DahuiScreenPages) window.DahuiScreenPages.layout(panel); };
  async function refresh() {
    try {
      const response = await fetch(panel.dataset.partial, { cache: "no-store" });
      if (!response.ok) return;
      const holder = document.createElement("div");
      holder.innerHTML = await response.text();
      const version = versionOf(holder);
      if (version === shown) return; // the same result: its pages keep turning undisturbed
      shown = version;
      panel.replaceChildren(...holder.childNodes);
      layout();
    } catch (error) {
      // The projector keeps the last result shown until the network is back.
    }
  }
  layout();
  setInterval(refresh, 5000);
})();
