/* Fitting a published result on one projector screen. The counts are laid out in as many
 * columns as the width takes and as many rows as the height left takes; when they still do
 * not fit, they are cut into pages that turn by themselves. When not even a few rows fit
 * beside the elected names, the elected names get a page of their own.
 *
 *   DahuiScreenPages.layout(container)  lays out the .screen-result inside container
 *
 * The section says where it is: data-page (1-based) and data-pages.
 */
(function (root) {
  "use strict";

  const TURN_MS = 8000;
  const COLUMN_MIN_PX = 520;
  const MAX_COLUMNS = 3;
  const MIN_ROWS_BESIDE_NAMES = 4;
  const turning = new WeakMap();

  function stop(container) {
    const timer = turning.get(container);
    if (timer) root.clearInterval(timer);
    turning.delete(container);
  }

  function setHeaders(counts, columns) {
    const head = counts.querySelector(".screen-counts-head");
    if (!head) return;
    const rows = head.querySelectorAll(".hrow");
    for (let i = rows.length; i < columns; i += 1) head.appendChild(rows[0].cloneNode(true));
    for (let i = rows.length - 1; i >= columns; i -= 1) rows[i].remove();
  }

  function measure(section, counts, rows) {
    const list = counts.querySelector(".screen-counts-rows");
    counts.style.setProperty("--cols", "1");
    counts.style.setProperty("--rows", "1");
    setHeaders(counts, 1);
    rows.forEach((row, i) => { row.hidden = i !== 0; });
    const rowHeight = Math.ceil(rows[0].getBoundingClientRect().height) || 1;
    const available = list.clientHeight;
    const rowsPerColumn = Math.floor(available / rowHeight);
    const width = counts.clientWidth;
    const maxColumns = Math.max(1, Math.min(MAX_COLUMNS, Math.floor(width / COLUMN_MIN_PX)));
    return { rowHeight, rowsPerColumn, maxColumns };
  }

  function layout(container) {
    stop(container);
    const section = container.querySelector(".screen-result");
    if (!section) return;
    section.classList.remove("split", "show-elected", "show-counts");
    const pager = section.querySelector(".screen-pager");
    const counts = section.querySelector(".screen-counts");
    const rows = counts ? Array.from(counts.querySelectorAll(".screen-counts-rows > li")) : [];
    if (!counts || rows.length === 0) {
      section.dataset.page = "1";
      section.dataset.pages = "1";
      if (pager) pager.textContent = "";
      return;
    }
    let fit = measure(section, counts, rows);
    const hasNames = Boolean(section.querySelector(".screen-elected"));
    const needed = Math.ceil(rows.length / Math.max(1, fit.rowsPerColumn * fit.maxColumns));
    const split = hasNames && (fit.rowsPerColumn < MIN_ROWS_BESIDE_NAMES
      || (needed > 1 && fit.rowsPerColumn < MIN_ROWS_BESIDE_NAMES * 2));
    if (split) {
      section.classList.add("split", "show-counts");
      fit = measure(section, counts, rows);
    }
    const perColumn = Math.max(1, fit.rowsPerColumn);
    const columns = Math.min(fit.maxColumns, Math.ceil(rows.length / perColumn));
    const perPage = perColumn * columns;
    const countPages = Math.ceil(rows.length / perPage);
    // Rows split evenly over the columns of a page, so a short last column does not look
    // like the end of the list.
    const rowsShown = Math.min(perColumn, Math.ceil(Math.min(rows.length, perPage) / columns));
    counts.style.setProperty("--cols", String(columns));
    counts.style.setProperty("--rows", String(rowsShown));
    counts.style.setProperty("--row-h", fit.rowHeight + "px");
    setHeaders(counts, columns);

    const pages = [];
    if (split) pages.push({ names: true });
    for (let p = 0; p < countPages; p += 1) pages.push({ from: p * perPage, to: (p + 1) * perPage });
    let current = 0;

    function show(index) {
      const page = pages[index];
      if (split) {
        section.classList.toggle("show-elected", Boolean(page.names));
        section.classList.toggle("show-counts", !page.names);
      }
      if (!page.names) rows.forEach((row, i) => { row.hidden = i < page.from || i >= page.to; });
      section.dataset.page = String(index + 1);
      section.dataset.pages = String(pages.length);
      if (pager) {
        pager.textContent = pages.length > 1
          ? (pager.dataset.of || "{n} / {total}")
            .replace("{n}", index + 1).replace("{total}", pages.length)
          : "";
      }
    }

    show(0);
    if (pages.length > 1) {
      turning.set(container, root.setInterval(() => {
        current = (current + 1) % pages.length;
        show(current);
      }, TURN_MS));
    }
  }

  let resizeTimer = null;
  root.addEventListener("resize", () => {
    root.clearTimeout(resizeTimer);
    resizeTimer = root.setTimeout(() => {
      root.document.querySelectorAll(".screen-result-box").forEach(layout);
    }, 300);
  });

  root.DahuiScreenPages = { layout, stop };
})(window);
