// The cast on shaky Wi-Fi. The review page's 确认投票 is sent from here: the ballot's fields
// (with its idempotency key and cast credential) are kept in this tab's sessionStorage until
// the server answers, and sent again with the SAME key when there was no answer (network
// error, timeout, a busy or unreachable server): on the `online` event and with a growing
// delay. A repeat is never a second ballot; the server answers it with the same receipt.
// Secrecy: the marks are kept only while unanswered, only in this tab (sessionStorage,
// gone when the tab closes), and removed as soon as any answer arrives. A reload of the
// ballot page while a cast is pending resumes sending it.
(function () {
  "use strict";
  const status = document.getElementById("cast-status");
  if (!status || !window.fetch || !window.sessionStorage) return;
  const storeKey = "dahui-pending-cast-" + status.dataset.poll;
  const castUrl = status.dataset.castUrl;
  const ballotUrl = status.dataset.ballotUrl;
  const TIMEOUT_MS = 15000;
  const LONGEST_WAIT_MS = 30000;
  const KEPT_MS = 6 * 3600 * 1000; // no older pending cast is resent (nor kept)
  let wait = 1000;
  let timer = null;
  let sending = false;

  function load() {
    try {
      const pending = JSON.parse(window.sessionStorage.getItem(storeKey));
      if (pending && Date.now() - pending.at < KEPT_MS && Array.isArray(pending.fields)) return pending;
    } catch (error) { /* unreadable: dropped below */ }
    forget();
    return null;
  }
  function keep(fields) {
    window.sessionStorage.setItem(storeKey, JSON.stringify({ fields: fields, at: Date.now() }));
  }
  function forget() { window.sessionStorage.removeItem(storeKey); }

  function show(state) {
    status.hidden = false;
    status.className = "message cast-status " + state;
    status.dataset.state = state;
    status.textContent = status.dataset[state];
  }

  function later(ms) {
    window.clearTimeout(timer);
    const delay = ms || wait;
    wait = Math.min(wait * 2, LONGEST_WAIT_MS);
    timer = window.setTimeout(send, delay / 2 + Math.random() * delay / 2);
  }

  // An answer: the receipt (or why there is none) replaces the page's content, and the
  // address becomes the ballot page, so a reload asks the server rather than resending.
  function answered(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    const main = page.querySelector("main");
    document.title = page.title;
    if (main) document.querySelector("main").replaceChildren(...main.childNodes);
    window.history.replaceState(null, "", ballotUrl);
    const sent = status;
    document.querySelector("main").prepend(sent);
  }

  function send() {
    const pending = load();
    if (!pending || sending) return;
    sending = true;
    window.clearTimeout(timer);
    show("sending");
    const body = new URLSearchParams();
    pending.fields.forEach(function (field) { body.append(field[0], field[1]); });
    const abort = new AbortController();
    const timeout = window.setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    fetch(castUrl, { method: "POST", body: body, credentials: "same-origin",
                     signal: abort.signal, headers: { "Accept": "text/html" } })
      .then(function (response) {
        return response.text().then(function (html) { return [response, html]; });
      })
      .then(function (answer) {
        window.clearTimeout(timeout);
        sending = false;
        const response = answer[0];
        if ([502, 503, 504].indexOf(response.status) >= 0) {
          // Busy, or the proxy found no worker: nothing stored; the same ballot again.
          const after = Number(response.headers.get("Retry-After")) * 1000;
          later(after > 0 ? after * 1.5 : 0);
          return;
        }
        forget();
        answered(answer[1]);
        if (response.ok) show("sent"); else status.hidden = true;
      })
      .catch(function () {
        // No answer: kept, and sent again when the phone is back online or after a while.
        window.clearTimeout(timeout);
        sending = false;
        show("sending");
        later(0);
      });
  }

  const form = document.getElementById("cast-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      const submitter = event.submitter;
      if (!submitter || submitter.value !== "cast") return; // 修改: an ordinary post
      event.preventDefault();
      const fields = [];
      new FormData(form).forEach(function (value, name) {
        if (name !== "step") fields.push([name, String(value)]);
      });
      fields.push(["step", "cast"]);
      keep(fields);
      form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
      wait = 1000;
      send();
    });
  }
  window.addEventListener("online", function () { wait = 1000; send(); });
  if (load()) {
    if (form) form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    send();
  }
})();
