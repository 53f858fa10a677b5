// The hall screen follows the live stream (live.js): the current item, 应到/实到 of that
// item's session, and the item's own poll — its ballots returned of issued while open,
// 计票中 once closed, its result once published. What the screen shows is read from its
// own snapshot (in the congress's language) whenever the stream says something changed;
// live.js polls when WebSockets are blocked, and the screen keeps a slow poll of its own as
// a last resort.
(function () {
  "use strict";
  const root = document.getElementById("screen");
  if (!root) return;
  const SLOW_POLL_MS = 15000;
  let poll = null; // the current item's poll, as the screen's snapshot last said
  let shownVersion = null; // the result on screen (poll id and publication time)
  let resultRequest = 0;

  const byId = (id) => document.getElementById(id);
  const set = (id, value) => {
    const el = byId(id);
    if (el && el.textContent !== String(value)) el.textContent = value;
  };

  function hideResult() {
    const box = byId("poll-result");
    if (window.DahuiScreenPages) window.DahuiScreenPages.stop(box);
    box.hidden = true;
    box.innerHTML = "";
    shownVersion = null;
    root.classList.remove("showing-result");
  }

  async function showResult(pollId) {
    const asked = ++resultRequest;
    try {
      const url = root.dataset.resultUrl + "?poll=" + encodeURIComponent(pollId);
      const response = await fetch(url, { cache: "no-store" });
      if (!response.ok || asked !== resultRequest) return;
      const html = await response.text();
      if (asked !== resultRequest || !poll || poll.id !== pollId) return;
      const holder = document.createElement("div");
      holder.innerHTML = html;
      const section = holder.querySelector(".screen-result");
      const version = section ? section.dataset.version : "";
      if (!version) return; // not published after all: the next change tells
      if (version === shownVersion) return;
      const box = byId("poll-result");
      root.classList.add("showing-result");
      box.hidden = false;
      box.innerHTML = html;
      shownVersion = version;
      if (window.DahuiScreenPages) window.DahuiScreenPages.layout(box);
    } catch (error) {
      // Shown on the next change or poll.
    }
  }

  function showPoll(next) {
    const previous = poll;
    poll = next;
    root.dataset.poll = next ? next.id : "";
    root.dataset.stage = next ? next.stage : "";
    const stage = next ? next.stage : null;
    const progress = byId("poll-progress");
    const counting = byId("poll-counting");
    progress.hidden = stage !== "open";
    counting.hidden = stage !== "counting";
    const rehearsal = byId("rehearsal-banner");
    if (rehearsal) rehearsal.hidden = !(next && next.rehearsal);
    if (stage === "open") {
      set("poll-title", next.title);
      const electronic = next.method === "electronic";
      byId("poll-counts").hidden = !electronic;
      byId("poll-voting").hidden = electronic;
      set("poll-returned", next.returned || 0);
      set("poll-issued", next.issued || 0);
    }
    if (stage === "counting") set("counting-title", next.title);
    if (stage === "published") {
      const same = previous && previous.id === next.id && previous.stage === "published";
      if (!same || shownVersion === null) {
        if (!same) hideResult();
        showResult(next.id);
      }
    } else {
      resultRequest += 1; // a result still on its way belongs to a stage now past
      hideResult();
    }
  }

  // The proposal counts, while the secretariat shows them or their report is on the agenda.
  function showProposals(counts) {
    const box = byId("proposal-counts");
    if (!box) return;
    box.hidden = !counts;
    root.classList.toggle("showing-proposals", Boolean(counts));
    if (!counts) return;
    ["total", "registered", "merged", "not_registered", "opinion"].forEach((key) => {
      set("proposals-" + key, counts[key] || 0);
    });
  }

  async function refresh() {
    try {
      const response = await fetch(root.dataset.url, { cache: "no-store" });
      if (!response.ok) return;
      const snap = await response.json();
      set("item-kind", snap.item ? snap.item.kind : "");
      set("item-title", snap.item ? snap.item.title : "");
      set("session-title", snap.session ? snap.session.title : "");
      const f = snap.figures || { entitled: 0, present: 0, on_leave: 0, has_quorum: false };
      set("entitled", f.entitled);
      set("present", f.present);
      set("on_leave", f.on_leave);
      const quorum = byId("quorum");
      quorum.className = "screen-quorum " + (f.has_quorum ? "yes" : "no");
      set("quorum", f.has_quorum ? quorum.dataset.yes : quorum.dataset.no);
      showPoll(snap.poll);
      if (window.DahuiSpeakersScreen) window.DahuiSpeakersScreen.show(snap.speakers || null);
      showProposals(snap.proposals);
    } catch (error) {
      // A projector must keep showing the last figures through a network blip.
    }
  }

  // Voting progress comes many times a second and is applied from the stream itself;
  // anything else (the item moved, a check-in, a poll opened, closed or published) has the
  // screen read its snapshot again.
  let lastKey = null;
  function onState(snapshot) {
    const polls = snapshot.polls || [];
    const key = JSON.stringify([snapshot.current_item_id, snapshot.attendance,
      polls.map((each) => [each.id, each.state]), snapshot.speakers]);
    if (key !== lastKey) {
      lastKey = key;
      refresh();
    }
    const live = poll && polls.find((each) => each.id === poll.id);
    if (live && poll.stage === "open" && live.state === "open") {
      poll.returned = Math.max(poll.returned || 0, live.returned || 0);
      if (live.issued !== null && live.issued !== undefined) poll.issued = live.issued;
      set("poll-returned", poll.returned);
      set("poll-issued", poll.issued || 0);
    }
  }

  if (root.dataset.poll) {
    poll = { id: Number(root.dataset.poll), stage: root.dataset.stage };
    if (poll.stage === "published") showResult(poll.id);
  }
  if (window.DahuiLive) {
    window.DahuiLive.connect({
      congressId: Number(root.dataset.congress),
      screenToken: root.dataset.token,
      onState: onState,
      onEvent: (event) => { if (event.type === "proposal.changed") refresh(); },
      onMode: (mode) => { root.dataset.liveMode = mode; },
    });
  }
  setInterval(refresh, SLOW_POLL_MS);
})();
