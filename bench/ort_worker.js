#!/usr/bin/env node
// ONNX Runtime side of the benchmark harness (bench/bench.py): one process
// per model and thread count, so that its peak RSS is that model's.
//   node ort_worker.js MODEL.onnx THREADS INPUT.npy...
// Session: graph optimization level "all", intraOpNumThreads = THREADS,
// interOpNumThreads = 1, sequential execution. It then answers one JSON
// request per stdin line with one JSON line on stdout (bench/peers.py):
//   {"op": "run", "warmup": W, "n": N}  -> {"times_ms": [N latencies]}
//   {"op": "save", "dir": D}            -> {"files": [...]}: outputs as D/<name>.npy
//   {"op": "rss"}                       -> {"peak_rss_mb": getrusage maxrss}
//   {"op": "quit"}                      -> exits
// A failure answers {"error": message}. Each latency is one session.run
// (inputs bound once, outputs allocated by ORT as in ordinary use).
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { ort, ortDir, readNpy, writeNpy } = require('../scripts/ort-reference.js');

function reply(obj) { process.stdout.write(JSON.stringify(obj) + '\n'); }

async function main() {
  const [model, threadsText, ...inputs] = process.argv.slice(2);
  const threads = Number(threadsText);
  if (!model || !(threads >= 1) || inputs.length === 0) {
    console.error('usage: ort_worker.js MODEL.onnx THREADS INPUT.npy...');
    process.exit(1);
  }
  const start = process.hrtime.bigint();
  const session = await ort.InferenceSession.create(model, {
    graphOptimizationLevel: 'all', executionMode: 'sequential',
    intraOpNumThreads: threads, interOpNumThreads: 1 });
  if (inputs.length !== session.inputNames.length) {
    console.error(`model has ${session.inputNames.length} inputs, ${inputs.length} given`);
    process.exit(1);
  }
  const feeds = {};
  session.inputNames.forEach((name, i) => { feeds[name] = readNpy(inputs[i]); });
  const loadMs = Number(process.hrtime.bigint() - start) / 1e6;
  const version = require(path.join(ortDir, 'node_modules', 'onnxruntime-node',
                                    'package.json')).version;
  reply({ ready: true, load_ms: loadMs, node: process.version, ort: version });

  let last = null;
  const handle = async (request) => {
    if (request.op === 'run') {
      for (let i = 0; i < request.warmup; ++i) last = await session.run(feeds);
      const times = [];
      for (let i = 0; i < request.n; ++i) {
        const t0 = process.hrtime.bigint();
        last = await session.run(feeds);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      return { times_ms: times };
    }
    if (request.op === 'save') {
      if (!last) last = await session.run(feeds);
      fs.mkdirSync(request.dir, { recursive: true });
      const files = [];
      for (const name of session.outputNames) {
        const file = path.join(request.dir, name.replace(/[^A-Za-z0-9_.-]/g, '_') + '.npy');
        writeNpy(file, last[name]);
        files.push(file);
      }
      return { files };
    }
    if (request.op === 'rss') return { peak_rss_mb: process.resourceUsage().maxRSS / 1024 };
    if (request.op === 'quit') process.exit(0);
    throw new Error('unknown request ' + JSON.stringify(request));
  };

  // Requests are handled one at a time, in order.
  let chain = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    chain = chain.then(async () => {
      try {
        reply(await handle(JSON.parse(line)));
      } catch (e) {
        reply({ error: e.message });
      }
    });
  });
  lines.on('close', () => { chain.then(() => process.exit(0)); });
}

main().catch((e) => { console.error('ort_worker: ' + e.message); process.exit(2); });
