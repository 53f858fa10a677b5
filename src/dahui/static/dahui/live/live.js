/* Live updates for a congress page: a WebSocket with reconnection and catch-up, and
 * polling of the snapshot while WebSockets are blocked or the server is unreachable.
 *
 *   DahuiLive.connect({congressId, screenToken, onState, onEvent, onMode})
 *
 * onState(snapshot) runs whenever the state changes; onEvent(event) for every event as it
 * arrives (a phone shows "poll opened" at once, before any fetch); onMode(mode) with
 * "live", "polling" or "denied". Needs reducer.js loaded first.
 */
(function (root) {
  "use strict";

  const POLL_MS = 5000;
  const BACKOFF_FIRST_MS = 500;
  const BACKOFF_MAX_MS = 30000;
  const REFETCH_SPREAD_MS = 1500; // a hall of phones must not fetch in the same instant
  const FINAL_CODES = [4403, 4404]; // refused: retrying cannot help

  function jitter(ms) {
    return ms / 2 + Math.random() * (ms / 2);
  }

  function connect(options) {
    const reducer = root.DahuiReducer;
    const onState = options.onState || function () {};
    const onEvent = options.onEvent || function () {};
    const onMode = options.onMode || function () {};
    const query = options.screenToken ? "?screen=" + encodeURIComponent(options.screenToken) : "";
    const snapshotUrl = "/live/" + options.congressId + "/snapshot" + query;
    const socketUrl = (root.location.protocol === "https:" ? "wss://" : "ws://")
      + root.location.host + "/ws/live/" + options.congressId + "/" + query;

    let snapshot = null;
    let pending = []; // messages that came while a snapshot was on its way
    let fetching = null;
    let refetchTimer = null;
    let pollTimer = null;
    let socket = null;
    let failures = 0;
    let stopped = false;
    let mode = null;

    function setMode(next) {
      if (next !== mode) {
        mode = next;
        onMode(next);
      }
    }

    function fetchSnapshot() {
      if (fetching) return fetching;
      fetching = root.fetch(snapshotUrl, {
        credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store",
      })
        .then((response) => {
          if (response.status === 403 || response.status === 404) {
            stop();
            setMode("denied");
            throw new Error("not allowed to follow this congress");
          }
          if (!response.ok) throw new Error("snapshot answered " + response.status);
          return response.json();
        })
        .then((fresh) => {
          const waiting = pending.filter((message) => message.seq > fresh.seq);
          pending = [];
          const caughtUp = reducer.applyMessages(fresh, waiting);
          snapshot = caughtUp === null ? fresh : caughtUp;
          if (caughtUp === null) scheduleRefetch();
          onState(snapshot);
        })
        .finally(() => {
          fetching = null;
        });
      return fetching.catch(() => {});
    }

    function scheduleRefetch() {
      if (refetchTimer !== null) return;
      refetchTimer = root.setTimeout(() => {
        refetchTimer = null;
        fetchSnapshot();
      }, Math.random() * REFETCH_SPREAD_MS);
    }

    function receive(message) {
      if (message.type === "hello") {
        const current = snapshot !== null && snapshot.epoch === message.epoch
          && snapshot.seq === message.seq;
        if (!current) fetchSnapshot();
        return;
      }
      if (message.type !== "event") return;
      onEvent(message.event);
      if (snapshot === null || fetching) {
        pending.push(message);
        return;
      }
      const next = reducer.applyMessage(snapshot, message);
      if (next === null) {
        pending.push(message);
        scheduleRefetch();
      } else if (next !== snapshot) {
        snapshot = next;
        onState(snapshot);
      }
    }

    function startPolling() {
      if (pollTimer !== null || stopped) return;
      setMode("polling");
      const tick = () => {
        fetchSnapshot();
        pollTimer = root.setTimeout(tick, jitter(POLL_MS * 2));
      };
      tick();
    }

    function stopPolling() {
      if (pollTimer !== null) root.clearTimeout(pollTimer);
      pollTimer = null;
    }

    function open() {
      if (stopped || socket !== null) return; // a reconnection already under way
      if (typeof root.WebSocket !== "function") {
        startPolling();
        return;
      }
      socket = new root.WebSocket(socketUrl);
      socket.onmessage = (frame) => {
        let message;
        try {
          message = JSON.parse(frame.data);
        } catch (error) {
          return;
        }
        if (message.type === "hello") {
          failures = 0;
          stopPolling();
          setMode("live");
        }
        receive(message);
      };
      socket.onclose = (closing) => {
        socket = null;
        if (stopped) return;
        if (FINAL_CODES.includes(closing.code)) {
          stop();
          setMode("denied");
          return;
        }
        failures += 1;
        startPolling();
        const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** failures);
        root.setTimeout(open, jitter(ceiling));
      };
    }

    function stop() {
      stopped = true;
      stopPolling();
      if (refetchTimer !== null) root.clearTimeout(refetchTimer);
      if (socket !== null) socket.close();
    }

    // A phone back on the network reconnects at once rather than after its backoff, and
    // catches up (the server's hello, then the snapshot); one gone off the network drops a
    // socket that could otherwise sit half-open and silent, and polls until it is back.
    if (typeof root.addEventListener === "function") {
      root.addEventListener("online", () => {
        if (stopped) return;
        failures = 0;
        fetchSnapshot();
        open();
      });
      root.addEventListener("offline", () => {
        if (socket !== null) socket.close();
      });
    }

    fetchSnapshot();
    open();
    return { stop, state: () => snapshot };
  }

  root.DahuiLive = { connect };
})(typeof globalThis !== "undefined" ? globalThis : this);
