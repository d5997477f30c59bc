// The engine's side of the page: runs in a Web Worker, so the page never freezes.
// web/build.sh puts wasm-bindgen's glue (which defines `wasm_bindgen`) before this file.
//
// Messages in: {init: WebAssembly.Module}, then {id, op, args}. Messages out: {id, ok: value}
// or {id, error: message}, or {id, trap: message} when the engine itself stopped (a panic is
// a trap on wasm32): the page then starts a fresh worker and goes on without that file.
"use strict";

let engine = null; // the wasm_bindgen exports
let task = null; // the Checker or Merger being fed

const ops = {
  version: () => engine.version(),
  selftest_trap: () => engine.selftest_trap(),
  template_unit: (unit, year, format) => download(engine.template_unit(unit, year, format)),
  template_roster: (roster, year, format) =>
    download(engine.template_roster(new Uint8Array(roster), year, format)),
  import_report: (name, bytes, unit, year) =>
    download(engine.import_report(name, new Uint8Array(bytes), unit, year)),

  check_begin: (limits, prior) => {
    free();
    task = new engine.Checker(limits);
    return prior ? task.set_prior(prior.name, new Uint8Array(prior.bytes)) : "";
  },
  merge_begin: (o) => {
    free();
    task = new engine.Merger(o.unit, o.year, o.csv, o.strict, o.keepLatest, o.notices, o.deadline, o.limits);
    let notes = "";
    if (o.roster) notes = task.set_roster(new Uint8Array(o.roster));
    if (o.prior) task.set_prior(o.prior.name, new Uint8Array(o.prior.bytes));
    return notes;
  },
  // One file: skipped as in a folder walk (entry is its own name, or null for a file given
  // by itself), refused for its size, or checked.
  feed: (name, entry, bytes, size, modified) => {
    const data = bytes ? new Uint8Array(bytes) : new Uint8Array(0);
    if (entry !== null) {
      const head = /\.(txt|html?)$/i.test(entry) ? data.subarray(0, 4 << 20) : new Uint8Array(0);
      const reason = engine.skip_reason(entry, head);
      if (reason) {
        task.skip(name, reason);
        return { skipped: reason };
      }
    }
    const refused = task.add_too_large(name, size);
    if (refused) return JSON.parse(refused);
    return JSON.parse(task.add(name, data, modified));
  },
  add_unreadable: (name, reason) => JSON.parse(task.add_unreadable(name, reason)),
  check_end: () => ({ json: task.json(), text: task.text() }),
  merge_end: () => {
    const merged = task.finish();
    const out = {
      workbook: merged.workbook(),
      report: merged.report(),
      word: merged.word(),
      html: merged.html(),
      csv: merged.csv() ?? null,
      notices: merged.notices() ?? null,
      summary: merged.summary(),
      status: JSON.parse(merged.status()),
    };
    merged.free();
    return out;
  },
};

function download(d) {
  const out = { name: d.name, bytes: d.bytes, note: d.note };
  d.free();
  return out;
}

function free() {
  if (task) task.free();
  task = null;
}

self.onmessage = (event) => {
  const m = event.data;
  if (m.init) {
    wasm_bindgen.initSync({ module: m.init });
    engine = wasm_bindgen;
    self.postMessage({ ready: true });
    return;
  }
  try {
    const value = ops[m.op](...m.args);
    const transfer = [];
    const parts = value && typeof value === "object" ? Object.values(value) : [];
    for (const v of [value, ...parts]) {
      if (v instanceof Uint8Array) transfer.push(v.buffer);
    }
    self.postMessage({ id: m.id, ok: value }, transfer);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      let what = "";
      try {
        what = engine.last_panic();
      } catch (_) {
        // The instance may be past answering; the trap's own message will do.
      }
      self.postMessage({ id: m.id, trap: what || String(e.message || e) });
    } else {
      self.postMessage({ id: m.id, error: String(e.message || e) });
    }
  }
};
