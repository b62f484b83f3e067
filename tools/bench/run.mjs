#!/usr/bin/env node
// `npm run bench`: runs the benchmarks and writes tools/bench/results/latest.json.
// Benchmarks measure; they never fail on a number (targets are printed next to the figures).
// `--nx` runs only the Nx comparison; `--naive` adds the naive image build; `--python` adds the
// speed of our Python against Debian's (needs the example built); `--rebuild` adds a cold build of the
// example chain against a rebuild after a Debian security fix (long: it compiles CPython);
// `--platforms` the Debian chain fixture for amd64 alone against amd64+arm64 (emulated);
// `--example-platforms` runs only the example catalog for amd64 alone, then with arm64 added (about 50 min);
// `--emulated-python` runs only the example's arm64 CPython cross-compiled against emulated (about 1 hour).
// Sections not run this time are kept from the previous results file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { emulatedPythonBench, printEmulatedPythonBench } from './emulated-python-bench.mjs';
import { examplePlatformsBench, printExamplePlatformsBench } from './example-platforms-bench.mjs';
import { imageSizes } from './image-sizes.mjs';
import { naiveComparison } from './naive-bench.mjs';
import { nxBench, printNxBench } from './nx-bench.mjs';
import { pipelineBench, printPipelineBench } from './pipeline-bench.mjs';
import { planBench } from './plan-bench.mjs';
import { platformsBench, printPlatformsBench } from './platforms-bench.mjs';
import { printPythonSpeed, pythonSpeed } from './python-speed.mjs';
import { printRebuildBench, rebuildBench } from './rebuild-bench.mjs';
import { overheadBench, schedulerBench } from './scheduler-bench.mjs';

const tmp = fileURLToPath(new URL('./tmp/', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

const resultsFile = `${resultsDir}latest.json`;
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version };

/** Writes the sections run this time over the results as they are now (another bench may have written). */
function save(sections) {
  mkdirSync(resultsDir, { recursive: true });
  const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  writeFileSync(resultsFile, `${JSON.stringify({ ...previous, machine, ...sections }, null, 2)}\n`);
  console.log('results written to tools/bench/results/latest.json');
}

if (process.argv.includes('--example-platforms')) {
  const examplePlatforms = await examplePlatformsBench();
  printExamplePlatformsBench(examplePlatforms);
  save({ examplePlatforms });
  process.exit(0);
}

if (process.argv.includes('--emulated-python')) {
  const emulatedPython = emulatedPythonBench();
  printEmulatedPythonBench(emulatedPython);
  save({ emulatedPython });
  process.exit(0);
}

if (process.argv.includes('--nx')) {
  const nx = nxBench();
  printNxBench(nx);
  save({ nx });
  process.exit(0);
}

const plan = planBench(tmp);
console.log('catalog plan --json, process start to exit (target: 5,000 variants < 0.5 s and < 150 MB)');
console.log('variants  median s  peak RSS MB');
for (const row of plan) {
  console.log(
    `${String(row.variants).padStart(8)}  ${row.medianSeconds.toFixed(3).padStart(8)}  ${row.peakRssMB.toFixed(1).padStart(11)}`,
  );
}

const scheduler = schedulerBench();
console.log('\nscheduler vs lower bound max(critical path, work / jobs) (target: <= 1.05), and level by level');
console.log('(ours/energetic: against the tighter energetic-reasoning bound, where the simple one is not met)');
console.log('shape  nodes  jobs  ours/bound  ours/energetic  levels/bound');
for (const row of scheduler) {
  console.log(
    `${row.shape.padEnd(5)}  ${String(row.nodes).padStart(5)}  ${String(row.jobs).padStart(4)}  ${row.oursVsBound.toFixed(3).padStart(10)}  ${row.oursVsEnergetic.toFixed(3).padStart(14)}  ${row.levelsVsBound.toFixed(3).padStart(12)}`,
  );
}
const pipelines = pipelineBench();
printPipelineBench(pipelines);
const overhead = await overheadBench();
console.log(
  `\nrunner overhead with a builder that does nothing: ${overhead.medianMsPerNode} ms per node (${overhead.nodes} nodes, ${overhead.jobs} jobs)`,
);

const sizes = await imageSizes(fileURLToPath(new URL('../../', import.meta.url)));
if (sizes.length > 0) {
  console.log('\nimage sizes of the last build (targets: python:3.13 <= 130 MB, hello <= 150 MB uncompressed)');
  for (const row of sizes)
    console.log(
      `${row.id.padEnd(24)} ${String(row.uncompressedMB).padStart(7)} MB  (${row.compressedMB} MB compressed, ${row.layers} layers)`,
    );
}

let naive;
if (process.argv.includes('--naive')) {
  console.log('\nbuilding the hello app naively for comparison (compiles CPython: several minutes)...');
  naive = await naiveComparison();
  console.log(
    `hello: ours ${naive.oursUncompressedMB} MB vs naive ${naive.naiveUncompressedMB} MB = ${(naive.oursVsNaive * 100).toFixed(1)}% (target <= 35%)`,
  );
}

let python;
if (process.argv.includes('--python')) {
  python = pythonSpeed();
  printPythonSpeed(python);
}

let rebuild;
if (process.argv.includes('--rebuild')) {
  console.log(
    '\ncold build of the example chain, then a rebuild after a Debian security fix (compiles CPython: long)...',
  );
  rebuild = await rebuildBench();
  printRebuildBench(rebuild);
}

let platforms;
if (process.argv.includes('--platforms')) {
  console.log(
    '\nthe Debian chain fixture for linux/amd64, then for linux/amd64 and linux/arm64 (emulated: minutes)...',
  );
  platforms = platformsBench();
  printPlatformsBench(platforms);
}

const nx = nxBench();
printNxBench(nx);

// Without a build in out/ there are no sizes to measure: the last measured ones stay.
save({
  plan,
  scheduler,
  pipelines,
  overhead,
  nx,
  ...(sizes.length > 0 ? { imageSizes: sizes } : {}),
  ...(naive ? { naive } : {}),
  ...(python ? { pythonSpeed: python } : {}),
  ...(rebuild ? { rebuild } : {}),
  ...(platforms ? { platforms } : {}),
});
