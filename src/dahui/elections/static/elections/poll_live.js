// The poll's control page follows the live stream: the returned count rises as ballots are
// cast, and the page reloads when the poll changes state elsewhere (another desk, the chair).
(function () {
  "use strict";
  const root = document.querySelector("[data-live-poll]");
  if (!root || !window.DahuiLive) return;
  const pollId = Number(root.dataset.livePoll);
  const returned = document.getElementById("returned");
  window.DahuiLive.connect({
    congressId: Number(root.dataset.congress),
    onEvent: function (event) {
      if (event.poll_id !== pollId) return;
      if (event.type === "poll.progress" && returned) {
        returned.textContent = String(event.returned);
      } else if (["poll.opened", "poll.closed", "result.published"].includes(event.type)) {
        window.location.reload();
      }
    },
  });
})();
