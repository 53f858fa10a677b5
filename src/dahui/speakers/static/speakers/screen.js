// The speakers panel of the hall screen: who has the floor, the countdown, who is next.
// The screen's own script (dahui/screen.js) hands it the `speakers` part of every snapshot
// it reads; the first one comes with the page. The countdown runs here from the speech's
// start and limit (countdown.js); the server sends nothing while a speech runs.
(function (root) {
  "use strict";
  const panel = root.document.getElementById("speakers-panel");
  const screen = root.document.getElementById("screen");
  if (!panel || !screen) return;
  const byId = (id) => root.document.getElementById(id);
  const clockBox = byId("speakers-clock");
  const clockValue = byId("speakers-clock-value");
  let shownSpeech = null;

  function setText(id, text) {
    const el = byId(id);
    if (el && el.textContent !== text) el.textContent = text;
  }

  function showNext(people) {
    const list = byId("speakers-next");
    const key = JSON.stringify(people.map((p) => [p.id, p.name]));
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    list.replaceChildren(...people.map((person) => {
      const li = root.document.createElement("li");
      const name = root.document.createElement("span");
      name.className = "name";
      name.textContent = person.name;
      li.appendChild(name);
      if (person.point_of_order) {
        const badge = root.document.createElement("span");
        badge.className = "order";
        badge.textContent = panel.dataset.orderLabel;
        li.appendChild(badge);
      }
      return li;
    }));
    byId("speakers-next-box").hidden = people.length === 0;
  }

  function show(state) {
    if (!state || (!state.current && state.next.length === 0)) {
      panel.hidden = true;
      screen.classList.remove("showing-speakers", "speech-running");
      root.DahuiCountdown.detach(clockValue);
      shownSpeech = null;
      return;
    }
    panel.hidden = false;
    screen.classList.add("showing-speakers");
    const current = state.current;
    screen.classList.toggle("speech-running", Boolean(current));
    byId("speakers-now").hidden = !current;
    byId("speakers-waiting").hidden = Boolean(current);
    if (current) {
      setText("speakers-name", current.name);
      setText("speakers-affiliation", current.affiliation
        + (current.point_of_order ? " · " + panel.dataset.orderLabel : ""));
      const key = current.id + ":" + current.started_at + ":" + current.limit;
      if (shownSpeech !== key) {
        shownSpeech = key;
        root.DahuiCountdown.attach(clockValue, {
          startedAt: current.started_at, limit: current.limit,
          warningFrom: current.warning_from, offset: state.now - Date.now(), box: clockBox,
        });
      }
    } else {
      root.DahuiCountdown.detach(clockValue);
      shownSpeech = null;
    }
    showNext(state.next);
  }

  root.DahuiSpeakersScreen = { show };
  const initial = byId("speakers-initial");
  if (initial) show(JSON.parse(initial.textContent));
})(window);
