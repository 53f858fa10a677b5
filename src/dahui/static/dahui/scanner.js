// Door scanner: reads credential QR codes from the phone camera and checks them in.
// Uses the browser's BarcodeDetector where there is one, jsQR (vendored) otherwise.
// The server makes repeated scans harmless; the page only avoids flooding it.
(function () {
  const root = document.getElementById("scanner");
  if (!root) return;
  const video = document.getElementById("camera");
  const canvas = document.getElementById("frame");
  const result = document.getElementById("scan-result");
  let lastText = "";
  let lastAt = 0;
  let busy = false;

  function show(kind, message) {
    result.className = "scan-result " + kind;
    result.textContent = message;
  }

  // Who was scanned: the name large, then number, delegation and 正式/特邀/列席, so the
  // door staff see at once a 列席 attendee or an invited delegate without a vote.
  function showDelegate(delegate) {
    const card = document.getElementById("door-card");
    if (!card) return;
    card.hidden = !delegate;
    if (!delegate) return;
    card.querySelector("[data-field=name]").textContent = delegate.name;
    card.querySelector("[data-field=number]").textContent = delegate.number;
    card.querySelector("[data-field=delegation]").textContent = delegate.delegation;
    const status = card.querySelector("[data-field=status]");
    status.textContent = delegate.status_label;
    status.className = "status " + delegate.status;
    card.querySelector("[data-field=novote]").hidden = delegate.votes;
  }

  function updateFigures(figures) {
    if (!figures) return;
    document.querySelectorAll("#figures [data-field]").forEach((el) => {
      el.textContent = figures[el.dataset.field];
    });
  }

  async function submit(text) {
    const now = Date.now();
    if (busy || (text === lastText && now - lastAt < 3000)) return;
    busy = true;
    lastText = text;
    lastAt = now;
    try {
      const response = await fetch(root.dataset.scanUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
        body: JSON.stringify({ text: text }),
      });
      const answer = await response.json();
      const kind = answer.result === "checked_in" ? "ok" : answer.result === "already" ? "again" : "bad";
      show(kind, answer.message);
      showDelegate(answer.delegate);
      updateFigures(answer.figures);
      if (navigator.vibrate && kind === "ok") navigator.vibrate(120);
    } catch (error) {
      show("bad", String(error));
    } finally {
      busy = false;
    }
  }
  window.dahuiScan = submit;

  document.getElementById("manual").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("manual-text");
    const text = input.value.trim();
    if (!text) return;
    // A bare token typed at the desk is turned into the link the QR would hold.
    submit(text.includes("/d/") ? text : location.origin + "/d/" + text);
    input.value = "";
  });

  async function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      show("bad", root.dataset.noCamera);
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: "environment" } },
        audio: false,
      });
    } catch (error) {
      show("bad", root.dataset.noCamera);
      return;
    }
    video.srcObject = stream;
    await video.play();
    const detector =
      "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    async function tick() {
      if (video.readyState === video.HAVE_ENOUGH_DATA) {
        let text = null;
        if (detector) {
          const codes = await detector.detect(video).catch(() => []);
          text = codes.length ? codes[0].rawValue : null;
        } else if (window.jsQR) {
          const width = Math.min(640, video.videoWidth);
          const height = Math.round((video.videoHeight * width) / video.videoWidth);
          canvas.width = width;
          canvas.height = height;
          context.drawImage(video, 0, 0, width, height);
          const image = context.getImageData(0, 0, width, height);
          const code = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
          text = code ? code.data : null;
        }
        if (text) submit(text);
      }
      setTimeout(tick, 150);
    }
    tick();
  }
  start();
})();
