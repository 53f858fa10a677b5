// The hall screen polls its snapshot every few seconds (live push arrives in a later step).
(function () {
  const root = document.getElementById("screen");
  if (!root) return;
  const set = (id, value) => {
    const el = document.getElementById(id);
    if (el && el.textContent !== String(value)) el.textContent = value;
  };
  async function refresh() {
    try {
      const response = await fetch(root.dataset.url, { cache: "no-store" });
      if (!response.ok) return;
      const snap = await response.json();
      set("item-kind", snap.item ? snap.item.kind : "");
      set("item-title", snap.item ? snap.item.title : "");
      const f = snap.figures || { entitled: 0, present: 0, on_leave: 0, has_quorum: false };
      set("entitled", f.entitled);
      set("present", f.present);
      set("on_leave", f.on_leave);
      const quorum = document.getElementById("quorum");
      quorum.className = "screen-quorum " + (f.has_quorum ? "yes" : "no");
      set("quorum", f.has_quorum ? quorum.dataset.yes : quorum.dataset.no);
    } catch (error) {
      // A projector must keep showing the last figures through a network blip.
    }
  }
  setInterval(refresh, 3000);
})();
