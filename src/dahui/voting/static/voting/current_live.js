// A delegate's vote list follows the live stream: when the chair opens a poll, its ballot
// link appears without a reload (the snapshot that live.js fetches after "poll opened"
// carries the delegate's own ballots); a closed poll leaves the list. Without WebSockets
// live.js polls the same snapshot.
(function () {
  "use strict";
  const root = document.querySelector("[data-live-congress]");
  const list = document.getElementById("ballots");
  if (!root || !list || !window.DahuiLive) return;
  const empty = document.getElementById("no-polls");

  function card(ballot) {
    const template = document.getElementById(ballot.voted ? "voted-card" : "ballot-card");
    const node = template.content.firstElementChild.cloneNode(true);
    node.dataset.poll = String(ballot.id);
    node.querySelector("h2").textContent = ballot.title;
    const link = node.querySelector("a");
    if (link) link.href = root.dataset.ballotUrl.replace(/\/0\/$/, "/" + ballot.id + "/");
    return node;
  }

  function show(ballots) {
    const shown = JSON.stringify(Array.from(list.children).map((node) => [
      node.dataset.poll, node.querySelector("a") === null]));
    const wanted = JSON.stringify(ballots.map((b) => [String(b.id), Boolean(b.voted)]));
    if (shown === wanted) return;
    list.replaceChildren(...ballots.map(card));
    empty.hidden = ballots.length > 0;
  }

  window.DahuiLive.connect({
    congressId: Number(root.dataset.liveCongress),
    onState: (snapshot) => {
      if (Array.isArray(snapshot.ballots)) show(snapshot.ballots);
    },
    onMode: (mode) => { list.dataset.liveMode = mode; },
  });
})();
