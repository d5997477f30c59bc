// The page: picks files, feeds them one at a time to the engine in a Web Worker, shows the
// results and offers the downloads. No file leaves the computer: nothing here sends anything.
"use strict";

// ---------------------------------------------------------------- the engine, in a worker

const Engine = {
  module: null,
  worker: null,
  pending: new Map(),
  nextId: 1,

  /** Compiles the embedded WebAssembly once; each worker instantiates it. */
  async load() {
    const tag = document.getElementById("xxgk-wasm");
    const raw = Uint8Array.from(atob(tag.textContent.trim()), (c) => c.charCodeAt(0));
    let bytes = raw;
    if (tag.dataset.encoding === "gzip") {
      const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    }
    this.module = await WebAssembly.compile(bytes);
    await this.restart();
  },

  /** A fresh worker and engine instance: at the start, and after the engine stopped. */
  restart() {
    if (this.worker) this.worker.terminate();
    for (const p of this.pending.values()) p.reject({ trap: "引擎已重新启动" });
    this.pending.clear();
    const source = document.getElementById("xxgk-worker").textContent;
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    this.worker = new Worker(url);
    URL.revokeObjectURL(url);
    return new Promise((resolve, reject) => {
      this.worker.onmessage = (event) => {
        if (event.data.ready) {
          this.worker.onmessage = (e) => this.answer(e.data);
          resolve();
        }
      };
      this.worker.onerror = (e) => reject(new Error("引擎无法启动：" + e.message));
      this.worker.postMessage({ init: this.module });
    });
  },

  answer(m) {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if ("ok" in m) p.resolve(m.ok);
    else if ("trap" in m) p.reject({ trap: m.trap });
    else p.reject(new Error(m.error));
  },

  /** Calls an engine operation (web/page/worker.js); ArrayBuffers among args are moved. */
  call(op, ...args) {
    const id = this.nextId++;
    const transfer = args.filter((a) => a instanceof ArrayBuffer);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args }, transfer);
    });
  },
};

// ---------------------------------------------------------------- files

/** One input: its name as the CLI shows it, and for a folder's file its own name. */
function item(file, name, inFolder) {
  return { file, name, entry: inFolder ? name.split("/").pop() : null };
}

const utf8 = new TextEncoder();

/** Orders a folder's files as the CLI walks it: component by component, by UTF-8 bytes. */
function byPath(a, b) {
  const x = a.name.split("/");
  const y = b.name.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const p = utf8.encode(x[i]);
    const q = utf8.encode(y[i]);
    for (let j = 0; j < Math.min(p.length, q.length); j++) {
      if (p[j] !== q[j]) return p[j] - q[j];
    }
    return p.length - q.length;
  }
  return x.length - y.length;
}

/** A folder's files (from a folder input or a drop), without those in hidden folders. */
function folderItems(files) {
  return files
    .filter((f) => !f.path.split("/").slice(0, -1).some((part) => part.startsWith(".")))
    .map((f) => item(f.file, f.path, true))
    .sort(byPath);
}

/** What an input holds: single files in the order chosen, folders walked as the CLI walks. */
function itemsOf(input) {
  const files = Array.from(input.files || []);
  const loose = files.filter((f) => !f.webkitRelativePath).map((f) => item(f, f.name, false));
  const inFolders = files
    .filter((f) => f.webkitRelativePath)
    .map((f) => ({ file: f, path: f.webkitRelativePath }));
  return loose.concat(folderItems(inFolders)).concat(input.dropped || []);
}

/** Files and folders dropped on a zone, read through the entries API. */
async function droppedItems(dataTransfer) {
  const loose = [];
  const inFolders = [];
  const walk = async (entry, path) => {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      inFolders.push({ file, path });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (!batch.length) break;
        for (const e of batch) await walk(e, path + "/" + e.name);
      }
    }
  };
  for (const it of Array.from(dataTransfer.items)) {
    const entry = it.webkitGetAsEntry && it.webkitGetAsEntry();
    if (entry && entry.isDirectory) await walk(entry, entry.name);
    else if (it.getAsFile()) loose.push(item(it.getAsFile(), it.getAsFile().name, false));
  }
  return loose.concat(folderItems(inFolders));
}

const TEXT = /\.(txt|html?)$/i;
const HEAD = 4 << 20;

/** The reading limits from the settings, as the engine takes them. */
function limits() {
  const n = (id) => Number(document.getElementById(id).value) || 0;
  return JSON.stringify({
    max_file_mb: n("limit-file-mb"),
    max_unzipped_mb: n("limit-unzipped-mb"),
    max_cells: n("limit-cells"),
    max_text_chars: n("limit-text-chars"),
  });
}

/** What the engine needs of a file, read while the engine works on the one before: all of it,
 * or, over the size limit, nothing (the engine refuses it by its size), except the head of a
 * folder's text, which decides whether it is skipped as a note beside the returns. */
async function load(it) {
  if (it.unreadable || window.xxgkTrapOn === it.name) return null;
  const limit = (Number($("limit-file-mb").value) || 64) * 1048576;
  try {
    if (it.file.size <= limit) return await it.file.arrayBuffer();
    return it.entry !== null && TEXT.test(it.entry) ? await it.file.slice(0, HEAD).arrayBuffer() : null;
  } catch (e) {
    return { error: e.message };
  }
}

/** Hands one input to the engine, in one message: skipped as in a folder walk, refused for its
 * size, or checked. Returns the file's findings, or {skipped: reason}. */
async function feed(it, loading) {
  // The test's way to make the engine stop on one file (web/README.md).
  if (window.xxgkTrapOn === it.name && !it.unreadable) return Engine.call("selftest_trap");
  if (it.unreadable) return Engine.call("add_unreadable", it.name, it.unreadable);
  const bytes = await loading;
  if (bytes && bytes.error !== undefined) {
    return Engine.call("add_unreadable", it.name, "无法读取这个文件（" + bytes.error + "）。请检查文件是否还在、能否打开。");
  }
  return Engine.call("feed", it.name, it.entry, bytes, it.file.size, it.file.lastModified || 0);
}

/** The F1 of a file on which the engine stopped: the CLI's words for an internal error. */
function trapMessage(what) {
  return (
    "处理这个文件时程序内部出错（" + what + "），这个文件没有审核，其余文件照常处理。" +
    "请用 Excel 打开检查、重新保存后再试；如仍出错，请把这个文件发给 xxgk 的维护人员。"
  );
}

/** Feeds every input after `begin`, one at a time, reporting progress. If the engine stops on
 * a file, a fresh engine is started, the files before it are given again, and that file is
 * reported unreadable: one bad file never ends the batch. */
async function runBatch(begin, items, onFile, bar) {
  const done = [];
  const start = await Engine.call(...begin);
  let next = items.length ? load(items[0]) : null;
  for (let i = 0; i < items.length; i++) {
    const loading = next;
    next = i + 1 < items.length ? load(items[i + 1]) : null;
    let result;
    try {
      result = await feed(items[i], loading);
      done.push(items[i]);
    } catch (e) {
      if (!e || !e.trap) throw e;
      await Engine.restart();
      await Engine.call(...begin);
      for (const d of done) await feed(d, load(d));
      const failed = Object.assign({}, items[i], { unreadable: trapMessage(e.trap) });
      result = await feed(failed, null);
      done.push(failed);
    }
    onFile(items[i], result);
    bar(i + 1, items.length);
  }
  return start;
}

// ---------------------------------------------------------------- showing results

function $(id) {
  return document.getElementById(id);
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== "") e.append(c);
  return e;
}

const STATUS = { ok: "通过", warnings: "有警告", errors: "有错误", unreadable: "无法读取" };
const SEVERITY = { error: "错误", warning: "警告" };

/** A download link, `<a download="name">`, for bytes or text. */
function link(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type: type || "application/octet-stream" }));
  return el("a", { href: url, download: name, class: "download" }, "下载 " + name);
}

function progress(id) {
  const bar = $(id);
  return (done, total) => {
    bar.hidden = false;
    bar.max = total;
    bar.value = done;
    bar.title = done + " / " + total;
    $(id + "-text").textContent = done < total ? `已处理 ${done} / ${total} 份` : `共处理 ${total} 份`;
  };
}

function showError(box, e) {
  box.replaceChildren(el("p", { class: "error" }, String(e && e.message ? e.message : e && e.trap ? trapMessage(e.trap) : e)));
}

/** One file's row and its findings, as check lists them. */
function fileBlock(f) {
  const where = (x) => (x.sheet ? x.sheet + (x.cell ? "!" + x.cell : "") : x.code || "");
  const rows = (f.findings || []).map((x) =>
    el(
      "tr",
      { class: x.severity + (x.explained ? " explained" : "") },
      el("td", {}, SEVERITY[x.severity] + (x.explained ? "（已说明）" : "")),
      el("td", {}, x.rule),
      el("td", { class: "cell" }, where(x)),
      el("td", {}, x.message),
      el("td", {}, x.hint || ""),
    ),
  );
  const head = el(
    "div",
    { class: "file-head" },
    el("span", { class: "badge " + f.status }, STATUS[f.status]),
    el("strong", {}, f.path),
    f.unit ? el("span", { class: "muted" }, `${f.unit}　${f.year || ""}年度　${f.format || ""}版`) : null,
    el("span", { class: "muted" }, `错误 ${f.errors}　警告 ${f.warnings}` + (f.explained ? `　已说明 ${f.explained}` : "")),
  );
  const table = rows.length
    ? el(
        "table",
        { class: "findings" },
        el("thead", {}, el("tr", {}, ...["级别", "规则", "位置", "问题", "怎么改"].map((h) => el("th", {}, h)))),
        el("tbody", {}, ...rows),
      )
    : null;
  return el("div", { class: "file " + f.status, "data-status": f.status }, head, table);
}

/** Shows only the files the filter asks for. */
function applyFilter(box, value) {
  for (const f of box.querySelectorAll(".file")) {
    const s = f.dataset.status;
    f.hidden =
      (value === "errors" && !(s === "errors" || s === "unreadable")) ||
      (value === "warnings" && s === "ok");
  }
}

// ---------------------------------------------------------------- the four tasks

async function runTemplate() {
  const box = $("template-result");
  box.replaceChildren(el("p", { class: "muted" }, "正在生成……"));
  try {
    const year = $("template-year").value;
    const format = $("template-format").value;
    const roster = $("template-roster").files[0];
    const made = roster
      ? await Engine.call("template_roster", await roster.arrayBuffer(), year, format)
      : await Engine.call("template_unit", $("template-unit").value, year, format);
    const type = made.name.endsWith(".zip") ? "application/zip" : XLSX;
    box.replaceChildren(el("pre", { class: "note" }, made.note), link(made.name, made.bytes, type));
  } catch (e) {
    showError(box, e);
  }
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function runCheck() {
  const box = $("check-results");
  const items = itemsOf($("check-files"));
  if (!items.length) return showError(box, "请先选择要审核的表格文件或文件夹。");
  box.replaceChildren();
  const list = el("div", { class: "files" });
  const head = el("div", {});
  box.append(head, list);
  try {
    const prior = $("check-prior").files[0];
    const priorArg = prior ? { name: prior.name, bytes: await prior.arrayBuffer() } : null;
    const line = await runBatch(
      ["check_begin", limits(), priorArg],
      items,
      (it, f) => {
        if (!f.skipped) list.append(fileBlock(f));
      },
      progress("check-progress"),
    );
    const out = await Engine.call("check_end");
    const all = JSON.parse(out.json);
    const s = all.summary;
    head.replaceChildren(el(
      "div",
      {},
      line ? el("p", { class: "muted" }, line) : null,
      el(
        "p",
        { class: "summary" },
        `共 ${s.files} 个文件：通过 ${s.ok}，有警告 ${s.warnings}，有错误 ${s.errors}，无法读取 ${s.unreadable}。`,
      ),
      all.skipped.length
        ? el("details", {}, el("summary", {}, `已跳过 ${all.skipped.length} 个文件`),
            el("ul", {}, ...all.skipped.map((k) => el("li", {}, `${k.path}：${k.reason}`))))
        : null,
      el("p", {}, link("审核结果.json", out.json, "application/json"), " ", link("审核结果.txt", out.text, "text/plain")),
    ));
    applyFilter(list, $("check-filter").value);
  } catch (e) {
    showError(box, e);
  }
}

async function runMerge() {
  const started = performance.now();
  window.xxgkTimes = null;
  const box = $("merge-status");
  const items = itemsOf($("merge-files"));
  if (!items.length) return showError(box, "请先选择各单位报送的表格文件或文件夹。");
  box.replaceChildren(el("p", { class: "muted" }, "正在审核各单位的表格……"));
  const problems = el("div", { class: "files" });
  try {
    const roster = $("merge-roster").files[0];
    const prior = $("merge-prior").files[0];
    const options = {
      unit: $("merge-unit").value,
      year: $("merge-year").value,
      csv: $("merge-csv").checked,
      strict: $("merge-strict").checked,
      keepLatest: $("merge-keep-latest").checked,
      notices: $("merge-notices").checked,
      deadline: $("merge-deadline").value,
      limits: limits(),
      roster: roster ? await roster.arrayBuffer() : null,
      prior: prior ? { name: prior.name, bytes: await prior.arrayBuffer() } : null,
    };
    const t0 = performance.now();
    const notes = await runBatch(
      ["merge_begin", options],
      items,
      (it, f) => {
        if (!f.skipped && f.status !== "ok") problems.append(fileBlock(f));
      },
      progress("merge-progress"),
    );
    const t1 = performance.now();
    const out = await Engine.call("merge_end");
    // How long each phase took, for bench/page_bench.py.
    window.xxgkTimes = { files: t1 - t0, outputs: performance.now() - t1 };
    box.replaceChildren(...mergeView(out, notes, problems).filter((c) => c));
    window.xxgkTimes.total = performance.now() - started;
  } catch (e) {
    showError(box, e);
  }
}

/** 报送情况, the files, the downloads and every file with problems. */
function mergeView(out, notes, problems) {
  const s = out.status;
  const count = (label, n, cls) => el("div", { class: "count " + (cls || "") }, el("b", {}, String(n)), el("span", {}, label));
  const counts = s.has_roster
    ? [count("应报", s.expected), count("已报", s.reported), count("未报", s.missing.length, s.missing.length ? "bad" : ""), count("名单外", s.off_roster.length)]
    : [count("读取文件", s.files.length)];
  const missing = s.missing.length
    ? el(
        "table",
        { class: "list", id: "merge-missing" },
        el("caption", {}, "未报送的单位"),
        el("thead", {}, el("tr", {}, el("th", {}, "单位"), el("th", {}, "联系人"), el("th", {}, "联系电话"))),
        el("tbody", {}, ...s.missing.map((m) => el("tr", {}, el("td", {}, m.unit), el("td", {}, m.contact), el("td", {}, m.phone)))),
      )
    : null;
  const files = el(
    "table",
    { class: "list", id: "merge-files-table" },
    el("caption", {}, "各文件的去向"),
    el("thead", {}, el("tr", {}, ...["文件", "单位", "状态", "错误", "警告", "计入汇总"].map((h) => el("th", {}, h)))),
    el(
      "tbody",
      {},
      ...s.files.map((f) =>
        el("tr", {}, el("td", {}, f.path), el("td", {}, f.unit), el("td", {}, el("span", { class: "badge " + f.status }, STATUS[f.status])),
          el("td", {}, String(f.errors)), el("td", {}, String(f.warnings)), el("td", {}, f.included ? "计入" : "不计入：" + f.reason)),
      ),
    ),
  );
  const downloads = el(
    "p",
    { class: "downloads" },
    link("汇总.xlsx", out.workbook, XLSX),
    " ",
    link("汇总报告.md", out.report, "text/markdown"),
    link("汇总报告.docx", out.word, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    link("汇总报告.html", out.html, "text/html"),
    out.csv ? link("汇总明细.csv", out.csv, "text/csv") : null,
    out.notices ? link("退回.zip", out.notices, "application/zip") : null,
  );
  return [
    el("div", { class: "counts" }, ...counts),
    notes ? el("pre", { class: "note" }, notes) : null,
    el("pre", { class: "note" }, out.summary),
    downloads,
    missing,
    files,
    problems.children.length ? el("h3", {}, "有问题的文件") : null,
    problems,
  ];
}

async function runImport() {
  const box = $("import-result");
  box.replaceChildren(el("p", { class: "muted" }, "正在导入……"));
  try {
    const file = $("import-file").files[0];
    const text = $("import-text").value;
    let name, bytes;
    if (file) {
      name = file.name;
      bytes = await file.arrayBuffer();
    } else if (text.trim()) {
      name = "年度报告.txt";
      bytes = utf8.encode(text).buffer;
    } else {
      return showError(box, "请选择报告文件（.txt 或 .html），或把报告的文字粘贴到框中。");
    }
    const made = await Engine.call("import_report", name, bytes, $("import-unit").value, $("import-year").value);
    box.replaceChildren(el("pre", { class: "note" }, made.note), link(made.name, made.bytes, XLSX));
  } catch (e) {
    showError(box, e);
  }
}

// ---------------------------------------------------------------- the page

/** The same engine for another page: `await xxgk.ready`, then `xxgk.check(files)` etc. */
const xxgk = {
  ready: null,
  /** `check` on File objects (or {file, name}); resolves to the `xxgk check --json` object. */
  async check(files, options = {}) {
    const items = files.map((f) => (f instanceof File ? item(f, f.name, false) : item(f.file, f.name, !!f.inFolder)));
    await runBatch(["check_begin", options.limits || "", null], items, () => {}, () => {});
    return JSON.parse((await Engine.call("check_end")).json);
  },
  /** `merge` on File objects: options {unit, year, csv, strict, keepLatest, roster: File,
   * prior: File}; resolves to {workbook, report, csv, summary, status}. */
  async merge(files, options = {}) {
    const items = files.map((f) => (f instanceof File ? item(f, f.name, false) : item(f.file, f.name, !!f.inFolder)));
    const o = Object.assign(
      { year: "", csv: false, strict: false, keepLatest: false, notices: false, deadline: "", limits: "" },
      options,
    );
    o.roster = options.roster ? await options.roster.arrayBuffer() : null;
    o.prior = options.prior ? { name: options.prior.name, bytes: await options.prior.arrayBuffer() } : null;
    await runBatch(["merge_begin", o], items, () => {}, () => {});
    return Engine.call("merge_end");
  },
  /** One unit's template: resolves to {name, bytes, note}. */
  template: (unit, year, format = "") => Engine.call("template_unit", unit, String(year), format),
  /** A report's text or page as a workbook: resolves to {name, bytes, note}. */
  import: async (file, unit = "", year = "") =>
    Engine.call("import_report", file.name, await file.arrayBuffer(), unit, String(year)),
};
window.xxgk = xxgk;

function tabs() {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => {
      for (const t of document.querySelectorAll("[role=tab]")) {
        const on = t === tab;
        t.setAttribute("aria-selected", on);
        $(t.getAttribute("aria-controls")).hidden = !on;
      }
    });
  }
}

function dropZone(zoneId, inputId) {
  const zone = $(zoneId);
  const input = $(inputId);
  const show = () => {
    const n = itemsOf(input).length;
    zone.querySelector(".chosen").textContent = n ? `已选择 ${n} 个文件` : "";
  };
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    input.dropped = await droppedItems(e.dataTransfer);
    show();
  });
  input.addEventListener("change", show);
  const folder = $(inputId.replace("-files", "-folder"));
  folder.addEventListener("change", () => {
    input.dropped = folderItems(Array.from(folder.files).map((f) => ({ file: f, path: f.webkitRelativePath })));
    show();
  });
}

window.addEventListener("DOMContentLoaded", () => {
  tabs();
  dropZone("check-drop", "check-files");
  dropZone("merge-drop", "merge-files");
  $("template-run").addEventListener("click", runTemplate);
  $("check-run").addEventListener("click", runCheck);
  $("merge-run").addEventListener("click", runMerge);
  $("import-run").addEventListener("click", runImport);
  $("check-filter").addEventListener("change", () => applyFilter($("check-results"), $("check-filter").value));
  const status = $("engine-status");
  xxgk.ready = Engine.load()
    .then(() => Engine.call("version"))
    .then((v) => {
      status.textContent = "引擎已就绪（xxgk " + v + "）";
      document.body.dataset.ready = "true";
      for (const b of document.querySelectorAll("button.run")) b.disabled = false;
    })
    .catch((e) => {
      status.textContent = "引擎无法启动：" + (e.message || e) + "。请使用新版的 Chrome、Edge、360 或奇安信浏览器打开本页。";
      status.classList.add("error");
    });
});
