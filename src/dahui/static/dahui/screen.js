// The hall screen follows the live stream (live.js): the current item, 应到/实到 and the
// quorum, while a poll is open its ballots returned of issued, and a published result.
// The figures are read from the screen's own snapshot (in the screen's language) whenever
// the stream says something changed; live.js polls when WebSockets are blocked, and the
// screen keeps a slow poll of its own as a last resort.
(function () {
  "use strict";
  const root = document.getElementById("screen");
  if (!root) return;
  const SLOW_POLL_MS = 15000;
  let shownResultOf = null;

  const set = (id, value) => {
    const el = document.getElementById(id);
    if (el && el.textContent !== String(value)) el.textContent = value;
  };

  async function refreshFigures() {
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

  async function showResult(pollId) {
    try {
      const response = await fetch(root.dataset.resultUrl, { cache: "no-store" });
      if (!response.ok) return;
      const box = document.getElementById("poll-result");
      box.innerHTML = await response.text();
      box.hidden = false;
      shownResultOf = pollId;
    } catch (error) {
      // Shown on the next change or poll.
    }
  }

  function showPolls(polls) {
    const open = polls.filter((poll) => poll.state === "open" && poll.method === "electronic");
    const progress = document.getElementById("poll-progress");
    const current = open[open.length - 1];
    progress.hidden = !current;
    if (current) {
      set("poll-title", current.title);
      set("poll-returned", current.returned || 0);
      set("poll-issued", current.issued || 0);
    }
    const published = polls.filter((poll) => poll.state === "published");
    const latest = published[published.length - 1];
    if (current) {
      document.getElementById("poll-result").hidden = true;
      shownResultOf = null;
    } else if (latest && latest.id !== shownResultOf) {
      showResult(latest.id);
    }
  }

  let lastFigures = null;
  function onState(snapshot) {
    const figures = JSON.stringify([snapshot.current_item_id, snapshot.attendance]);
    if (figures !== lastFigures) {
      lastFigures = figures;
      refreshFigures();
    }
    showPolls(snapshot.polls || []);
  }

  if (window.DahuiLive) {
    window.DahuiLive.connect({
      congressId: Number(root.dataset.congress),
      screenToken: root.dataset.token,
      onState: onState,
      onMode: (mode) => { root.dataset.liveMode = mode; },
    });
  }
  setInterval(refreshFigures, SLOW_POLL_MS);
})();
