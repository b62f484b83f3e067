#!/usr/bin/env node
// `npm run bench`: runs the benchmarks and writes tools/bench/results/latest.json.
// Benchmarks measure; they never fail on a number (targets are printed next to the figures).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { planBench } from './plan-bench.mjs';

const tmp = fileURLToPath(new URL('./tmp/', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

const plan = planBench(tmp);
console.log('catalog plan --json, process start to exit (target: 5,000 variants < 0.5 s and < 150 MB)');
console.log('variants  median s  peak RSS MB');
for (const row of plan) {
  console.log(
    `${String(row.variants).padStart(8)}  ${row.medianSeconds.toFixed(3).padStart(8)}  ${row.peakRssMB.toFixed(1).padStart(11)}`,
  );
}

const results = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  plan,
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(`${resultsDir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`results written to tools/bench/results/latest.json`);
