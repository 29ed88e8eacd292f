#!/usr/bin/env node
// The Oxigraph side of the differential query fuzzer (qfuzz.py): loads a file into an in-memory
// Oxigraph store, then times each query file named on stdin (one path a line) and writes its
// SPARQL-JSON results, printing the same JSON lines as annals_query_bench.
//   node qfuzz_oxigraph.js --oxigraph NODE_MODULES/oxigraph --data FILE.nq [--union]
//        [--runs 1] [--warmup 0] [--slow-s 30] --dump DIR  < list-of-query-files
// Queries are read from stdin, not argv, so that qfuzz.py can restart the runner after a hang
// with only the queries left. A query whose warm-up takes more than --slow-s is timed once.
"use strict";
const fs = require("fs");
const path = require("path");

function parseArgs(argv) {
  const a = { runs: 1, warmup: 0, union: false, dump: null, oxigraph: "oxigraph", slow: 30 };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i];
    if (k === "--data") a.data = v();
    else if (k === "--oxigraph") a.oxigraph = v();
    else if (k === "--runs") a.runs = parseInt(v(), 10);
    else if (k === "--warmup") a.warmup = parseInt(v(), 10);
    else if (k === "--dump") a.dump = v();
    else if (k === "--slow-s") a.slow = parseFloat(v());
    else if (k === "--union") a.union = true;
    else { console.error("unknown argument " + k); process.exit(2); }
  }
  if (!a.data || !a.dump) {
    console.error("--data FILE and --dump DIR are required");
    process.exit(2);
  }
  return a;
}

function* chunks(file, size) {
  const fd = fs.openSync(file, "r");
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(size);
      const n = fs.readSync(fd, buf, 0, size, null);
      if (n <= 0) break;
      yield new Uint8Array(buf.buffer, buf.byteOffset, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

const secs = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

function main() {
  const a = parseArgs(process.argv);
  const ox = require(path.resolve(a.oxigraph));
  const emit = (o) =>
    process.stdout.write(JSON.stringify(Object.assign({ peer: "oxigraph" }, o)) + "\n");
  const store = new ox.Store();
  const t0 = process.hrtime.bigint();
  store.load(chunks(a.data, 4 << 20), { format: "application/n-quads", no_transaction: true });
  emit({ event: "load", seconds: secs(t0), quads: store.size });
  fs.mkdirSync(a.dump, { recursive: true });
  const opts = a.union ? { use_default_graph_as_union: true } : {};
  const files = fs.readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
  for (const qf of files) {
    const name = path.basename(qf, ".rq");
    const rec = { event: "query", query: name };
    try {
      const q = fs.readFileSync(qf, "utf8");
      let runs = a.runs;
      for (let i = 0; i < a.warmup; i++) {
        const t = process.hrtime.bigint();
        store.query(q, opts);
        if (secs(t) > a.slow) runs = Math.min(runs, 1);
      }
      // Timed as the other peers' runners do: the rows as JS objects; then one run more
      // writes them as SPARQL-JSON (timed instead when --runs is 0, for agreement only).
      const times = [];
      for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        store.query(q, opts);
        times.push(secs(t));
      }
      const t = process.hrtime.bigint();
      const json = { results_format: "application/sparql-results+json" };
      const out = store.query(q, Object.assign(json, opts));
      if (runs === 0) times.push(secs(t));
      fs.writeFileSync(path.join(a.dump, name + ".srj"), out);
      rec.times = times;
      rec.median_s = median(times);
    } catch (e) {
      rec.error = String(e && e.message ? e.message : e).slice(0, 500);
    }
    emit(rec);
  }
  emit({ event: "done" });
}

main();
