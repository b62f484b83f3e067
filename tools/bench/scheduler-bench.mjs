// The build scheduler against a simulated builder (discrete-event simulation: no sleeping, no
// clock), on wide and deep DAGs, compared with the lower bound max(critical path, work / jobs)
// and with level-by-level scheduling of the same DAG. Also the runner's own overhead per node
// with a builder that does nothing.
import { performance } from 'node:perf_hooks';
import { BuildQueue, loadCatalog } from '@catalog/core';
import { runQueue } from '@catalog/runner';
import { energeticBound } from './energetic-bound.mjs';
import { random } from './synthetic-catalog.mjs';

/** A catalog of `size` single-version images. wide: parents among the first few; deep: recent parents. */
export function dag(size, shape, seed) {
  const next = random(seed);
  const lines = ['registry: bench.example/acme', 'images:'];
  const durations = new Map();
  for (let i = 0; i < size; i++) {
    const window = shape === 'wide' ? Math.min(i, 1 + Math.floor(size / 25)) : Math.min(i, 3);
    const parent =
      i === 0 ? null : shape === 'wide' ? Math.floor(next() * window) : i - 1 - Math.floor(next() * window);
    lines.push(
      `  n${i}: { kind: ${i === 0 ? 'os' : 'runtime'}, ${parent === null ? '' : `from: "n${parent}:1", `}versions: { "1": {} } }`,
    );
    // Heavy-tailed durations, like real builds: most are quick, a few (compilers) are long.
    durations.set(`n${i}:1`, next() < 0.1 ? 200 + Math.floor(next() * 400) : 5 + Math.floor(next() * 60));
  }
  const { catalog, graph } = loadCatalog(`${lines.join('\n')}\n`, 'bench.yaml');
  return { catalog, graph, duration: (node) => durations.get(node.id) ?? 1 };
}

/** Makespan of our scheduler: whenever a slot is free, the queue's best ready node starts. */
function simulateQueue(graph, duration, jobs) {
  const queue = new BuildQueue(graph, graph.order, duration);
  let now = 0;
  const running = [];
  for (;;) {
    while (running.length < jobs) {
      const node = queue.next();
      if (!node) break;
      running.push({ id: node.id, end: now + duration(node) });
    }
    if (running.length === 0) return now;
    running.sort((a, b) => a.end - b.end);
    const done = running.shift();
    now = done.end;
    queue.succeed(done.id);
  }
}

/** Makespan when each level starts only after the whole previous level finished (greedy within a level). */
function simulateLevels(graph, duration, jobs) {
  let total = 0;
  for (const level of graph.levels()) {
    const slots = new Array(jobs).fill(0);
    for (const node of [...level].sort((a, b) => duration(b) - duration(a))) {
      slots.sort((a, b) => a - b);
      slots[0] += duration(node);
    }
    total += Math.max(...slots);
  }
  return total;
}

export function lowerBound(graph, duration, jobs) {
  const work = graph.order.reduce((sum, node) => sum + duration(node), 0);
  const critical = Math.max(...graph.criticalPaths(duration).values());
  return Math.max(critical, work / jobs);
}

export function schedulerBench() {
  const rows = [];
  for (const shape of ['wide', 'deep']) {
    for (const size of [50, 200, 500]) {
      const { graph, duration } = dag(size, shape, size);
      for (const jobs of [2, 4, 8]) {
        const bound = lowerBound(graph, duration, jobs);
        const ours = simulateQueue(graph, duration, jobs);
        const levels = simulateLevels(graph, duration, jobs);
        // Only where the simple bound is not met is the tighter one worth its cost.
        const tight = ours > bound ? energeticBound(graph, duration, jobs, bound, ours) : bound;
        rows.push({
          shape,
          nodes: size,
          jobs,
          lowerBound: bound,
          ours,
          levelByLevel: levels,
          energeticBound: tight,
          oursVsBound: +(ours / bound).toFixed(3),
          oursVsEnergetic: +(ours / tight).toFixed(3),
          levelsVsBound: +(levels / bound).toFixed(3),
        });
      }
    }
  }
  return rows;
}

/** Wall time per node of runQueue itself, with a builder that returns at once. */
export async function overheadBench() {
  const { graph } = dag(500, 'wide', 7);
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const queue = new BuildQueue(graph, graph.order);
    const start = performance.now();
    await runQueue(queue, { jobs: 4, run: async () => true });
    runs.push((performance.now() - start) / graph.size);
  }
  runs.sort((a, b) => a - b);
  return { nodes: graph.size, jobs: 4, medianMsPerNode: +runs[2].toFixed(4) };
}
