// The review page casts with fetch: a small JSON request instead of a page, retried with the
// same key while the server or the network is away, so a retry never makes a second ballot
// (the server answers a repeated key with the first receipt). Without JavaScript the form
// posts as before.
(function () {
  "use strict";
  const form = document.getElementById("cast-form");
  const button = document.getElementById("cast");
  const errorBox = document.getElementById("cast-error");
  const template = document.getElementById("receipt-template");
  if (!form || !button || !template || !window.fetch) return;
  const RETRY_FIRST_MS = 1000;
  const RETRY_MAX_MS = 10000;

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  function showReceipt(tracker) {
    const receipt = template.content.cloneNode(true);
    const line = receipt.querySelector("#tracker");
    line.dataset.tracker = tracker;
    line.textContent = tracker.match(/.{1,8}/g).join(" ");
    const board = receipt.querySelector("#board-link");
    if (board) board.href = board.getAttribute("href").replace(/tracker=.*$/, "tracker=" + tracker);
    const review = document.getElementById("ballot-review");
    review.replaceChildren(receipt);
    window.scrollTo(0, 0);
  }

  function ballot() {
    const data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "step") data[name] = value;
    });
    return data;
  }

  function send(attempt) {
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    return fetch(form.dataset.castUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf,
                 Accept: "application/json" },
      body: JSON.stringify(ballot()),
    }).then(function (response) {
      const type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) {
        // Not the cast endpoint answering (a proxy page, a server error page): let the
        // form post take over, with the same key.
        submitForm();
        return;
      }
      return response.json().then(function (body) {
        if (response.ok) {
          showReceipt(body.tracker);
        } else if (response.status === 503) {
          const seconds = Number(response.headers.get("Retry-After")) || 1;
          retry(attempt, body.error || form.dataset.retrying, seconds * 1000);
        } else {
          showError(body.error);
          button.disabled = false;
        }
      });
    }, function () {
      retry(attempt, form.dataset.offline, 0);
    });
  }

  function retry(attempt, message, atLeastMs) {
    showError(message);
    const wait = Math.max(atLeastMs, Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt));
    window.setTimeout(function () { send(attempt + 1); }, wait / 2 + Math.random() * wait / 2);
  }

  function submitForm() {
    const step = document.createElement("input");
    step.type = "hidden";
    step.name = "step";
    step.value = "cast";
    form.appendChild(step);
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter !== button) return;
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    showError("");
    send(0);
  });
})();
