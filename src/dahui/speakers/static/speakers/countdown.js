/* A speech's countdown, run in the browser from the server's timestamps: the speech
 * started at `startedAt` (epoch ms, server clock) with `limit` seconds; it turns amber
 * from `warningFrom` seconds and red at `limit` (both decided by the server's rules), then
 * counts the overrun up. `offset` is the server's clock minus this one, so a projector
 * whose clock is off still shows the right time. No message per second comes from the
 * server.
 *
 *   DahuiCountdown.attach(element, {startedAt, limit, warningFrom, offset, box})
 *   DahuiCountdown.detach(element)
 *
 * Elements with data-countdown (data-started, data-limit, data-warning, data-now) attach
 * by themselves on load.
 */
(function (root) {
  "use strict";

  const TICK_MS = 200;
  const running = new Set();

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function clock(seconds) {
    return pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
  }

  function phaseOf(elapsed, state) {
    if (elapsed >= state.limit) return "over";
    if (elapsed >= state.warningFrom) return "warning";
    return "running";
  }

  function tick(element) {
    const state = element.dahuiCountdown;
    if (!state) return;
    const elapsed = Math.max(0, Math.floor((Date.now() + state.offset - state.startedAt) / 1000));
    const left = state.limit - elapsed;
    const text = left >= 0 ? clock(left) : "+" + clock(-left);
    if (element.textContent !== text) element.textContent = text;
    const phase = phaseOf(elapsed, state);
    if (element.dataset.phase !== phase) {
      element.dataset.phase = phase;
      if (state.box) state.box.dataset.phase = phase;
    }
  }

  function attach(element, state) {
    element.dahuiCountdown = Object.assign({ offset: 0 }, state);
    running.add(element);
    tick(element);
  }

  function detach(element) {
    if (!element) return;
    running.delete(element);
    delete element.dahuiCountdown;
  }

  root.setInterval(() => running.forEach(tick), TICK_MS);

  function fromData(element) {
    const now = Number(element.dataset.now);
    attach(element, {
      startedAt: Number(element.dataset.started),
      limit: Number(element.dataset.limit),
      warningFrom: Number(element.dataset.warning),
      offset: now ? now - Date.now() : 0,
      box: element,
    });
  }

  root.document.querySelectorAll("[data-countdown][data-started]").forEach(fromData);
  root.DahuiCountdown = { attach, detach, clock };
})(window);
