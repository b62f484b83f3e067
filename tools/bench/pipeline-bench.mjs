// The wall time of the pipelines `catalog plan --format github` and `--format tekton` generate, on
// the scheduler bench's DAGs (50-500 nodes, simulated builder: discrete events, no clock), against
// the lower bound max(critical path, work / runners). GitHub: one matrix job per level (core's
// githubLevelJobs), a level starts when the whole level before is done, its entries start in
// order as runners free up. Tekton (and GitHub with one job per node and real `needs`): a task
// starts as soon as its parent's task is done and a slot is free, in pipeline order (no priority).
// Each job also pays `startup` units (a runner or pod starting, the checkout, npm ci).
import { createPlan, githubLevelJobs, platformJobs } from '@catalog/core';
import { dag, lowerBound } from './scheduler-bench.mjs';

/** Per level: each level job group waits for the previous; entries run on `runners` slots in order. */
function perLevel(plan, duration, runners, startup) {
  const byLevel = new Map();
  for (const job of githubLevelJobs(plan)) byLevel.set(job.level, [...(byLevel.get(job.level) ?? []), ...job.include]);
  let total = 0;
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    const slots = new Array(runners).fill(0);
    for (const entry of byLevel.get(level)) {
      slots.sort((a, b) => a - b);
      slots[0] += startup + duration(entry.node);
    }
    total += Math.max(...slots);
  }
  return total;
}

/** Per node: list scheduling in pipeline order; a task is ready once its parent's task finished. */
function perNode(plan, duration, runners, startup) {
  const jobs = platformJobs(plan);
  const done = new Map();
  const started = new Set();
  const running = [];
  let now = 0;
  for (;;) {
    for (const job of jobs) {
      if (running.length >= runners) break;
      if (started.has(job.name)) continue;
      if (job.parent && !(done.has(job.parent) && done.get(job.parent) <= now)) continue;
      started.add(job.name);
      running.push({ name: job.name, end: now + startup + duration(job.entry.id) });
    }
    if (running.length === 0) return now;
    running.sort((a, b) => a.end - b.end);
    const finished = running.shift();
    now = finished.end;
    done.set(finished.name, finished.end);
  }
}

export function pipelineBench() {
  const rows = [];
  for (const shape of ['wide', 'deep']) {
    for (const size of [50, 200, 500]) {
      const { catalog, graph, duration } = dag(size, shape, size);
      const plan = createPlan(catalog, graph);
      const byId = (id) => duration(graph.node(id));
      for (const runners of [4, 16, 64]) {
        for (const startup of [0, 30]) {
          const bound = lowerBound(graph, (n) => startup + duration(n), runners);
          const level = perLevel(plan, byId, runners, startup);
          const node = perNode(plan, byId, runners, startup);
          rows.push({
            shape,
            nodes: size,
            runners,
            startup,
            lowerBound: bound,
            perLevel: level,
            perNode: node,
            perLevelVsBound: +(level / bound).toFixed(3),
            perNodeVsBound: +(node / bound).toFixed(3),
          });
        }
      }
    }
  }
  return rows;
}

export function printPipelineBench(rows) {
  console.log('\ngenerated pipelines (simulated builder) vs lower bound: GitHub per level, Tekton per node');
  console.log('shape  nodes  runners  startup  per-level/bound  per-node/bound');
  for (const r of rows) {
    console.log(
      `${r.shape.padEnd(5)}  ${String(r.nodes).padStart(5)}  ${String(r.runners).padStart(7)}  ${String(r.startup).padStart(7)}  ${r.perLevelVsBound.toFixed(3).padStart(15)}  ${r.perNodeVsBound.toFixed(3).padStart(14)}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printPipelineBench(pipelineBench());
