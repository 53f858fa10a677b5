// Counting by scans: uploads a stack in parts with a progress bar, then follows the
// reading through the status endpoint until every page is read, and reloads the page.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var statusBox = document.getElementById("scan-status");
  if (!statusBox) return;
  var statusUrl = statusBox.getAttribute("data-status-url");
  var lang = document.documentElement.lang || "zh-hans";
  var zh = lang.indexOf("zh") === 0;
  var words = {
    uploading: zh ? "正在上传" : "Uploading",
    reading: zh ? "正在识别选票" : "Reading the ballots",
    checking: zh ? "已上传，正在检查文件并识别" : "Uploaded; checking the files and reading",
    pages: zh ? "页" : "pages",
    failed: zh ? "上传失败，请重试。" : "The upload failed; try again.",
  };

  function el(id) { return document.getElementById(id); }

  function showError(message) {
    var box = el("upload-error");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
  }

  function batches(files, maxFiles, maxBytes) {
    var out = [], current = [], size = 0;
    files.forEach(function (file) {
      if (current.length && (current.length >= maxFiles || size + file.size > maxBytes)) {
        out.push(current); current = []; size = 0;
      }
      current.push(file); size += file.size;
    });
    if (current.length) out.push(current);
    return out;
  }

  function send(batch, run, last, sentBefore, total) {
    return new Promise(function (resolve, reject) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      batch.forEach(function (file) { data.append("scans", file, file.name); });
      if (run) data.append("run", run);
      data.append("last", last ? "1" : "0");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) {
          var done = sentBefore + event.loaded * batchBytes(batch) / event.total;
          setBar(el("upload-bar"), done, total);
          el("upload-figure").textContent = Math.round(100 * done / total) + "%";
          el("upload-words").textContent = event.loaded >= event.total ? words.checking
            : words.uploading;
        }
      };
      xhr.onload = function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
        if (xhr.status === 200 && answer) resolve(answer);
        else reject(new Error(answer && answer.error ? answer.error : words.failed));
      };
      xhr.onerror = function () { reject(new Error(words.failed)); };
      xhr.send(data);
    });
  }

  function batchBytes(batch) {
    return batch.reduce(function (sum, file) { return sum + file.size; }, 0) || 1;
  }

  function setBar(bar, value, max) {
    if (!bar) return;
    bar.max = Math.max(max, 1);
    bar.value = value;
  }

  function follow() {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        var busy = false;
        status.runs.forEach(function (run) {
          if (run.discarded) return;
          if (run.complete && !run.done) busy = true;
          var row = el("run-" + run.run);
          if (row) {
            ["pages", "read", "ballots", "review", "set_aside"].forEach(function (field) {
              var cell = row.querySelector("[data-field=" + field + "]");
              if (cell) cell.textContent = run[field];
            });
            var bar = row.querySelector(".read-bar");
            setBar(bar, run.handled, run.pages);
          }
          if (form && !run.done && run.complete) {
            el("upload-words").textContent = words.reading;
            el("upload-figure").textContent = run.handled + " / " + run.pages + " " + words.pages;
            setBar(el("upload-bar"), run.handled, run.pages);
          }
        });
        if (el("review-count")) el("review-count").textContent = status.review;
        if (busy) window.setTimeout(follow, 1000);
        else if (following) window.location.reload();
      })
      .catch(function () { window.setTimeout(follow, 3000); });
  }

  var following = false;
  if (document.querySelector(".read-bar")) { following = true; follow(); }

  if (!form) return;
  form.addEventListener("submit", function (event) {
    var input = el("scans");
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length || !window.FormData || !window.Promise) return; // the plain form
    event.preventDefault();
    el("upload-error").hidden = true;
    el("upload-progress").hidden = false;
    el("upload-words").textContent = words.uploading;
    form.querySelector("button[type=submit]").disabled = true;
    var maxFiles = parseInt(form.getAttribute("data-max-files"), 10) || 20;
    var parts = batches(files, Math.min(maxFiles, 20), 32 * 1024 * 1024);
    var total = files.reduce(function (sum, file) { return sum + file.size; }, 0) || 1;
    var run = null, sent = 0, index = 0;
    function next() {
      if (index >= parts.length) {
        following = true;
        follow();
        return;
      }
      var batch = parts[index];
      var last = index === parts.length - 1;
      send(batch, run, last, sent, total).then(function (answer) {
        run = answer.run;
        sent += batchBytes(batch);
        index += 1;
        next();
      }).catch(function (error) {
        showError(error.message);
        form.querySelector("button[type=submit]").disabled = false;
        if (run) { following = true; follow(); }
      });
    }
    next();
  });
})();
