// Checks that energeticBound never exceeds a makespan that some schedule reaches: on small random
// forests, every list order is simulated, and the best makespan is compared with the bound
// searched up to twice the total work (so the search range cannot hide an over-tight bound).
//
//   node tools/bench/check-energetic-bound.mjs
import { loadCatalog } from '@catalog/core';
import { energeticBound } from './energetic-bound.mjs';
import { random } from './synthetic-catalog.mjs';

function permutations(items) {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

function randomForest(next) {
  const size = 3 + Math.floor(next() * 5);
  const lines = ['registry: check.example/acme', 'images:'];
  const durations = new Map();
  for (let i = 0; i < size; i++) {
    const parent = i === 0 ? null : Math.floor(next() * i);
    const from = parent === null ? '' : `from: "n${parent}:1", `;
    lines.push(`  n${i}: { kind: ${i === 0 ? 'os' : 'runtime'}, ${from}versions: { "1": {} } }`);
    durations.set(`n${i}:1`, 1 + Math.floor(next() * 9));
  }
  const { graph } = loadCatalog(`${lines.join('\n')}\n`, 'check.yaml');
  return { graph, duration: (node) => durations.get(node.id) };
}

/** Makespan of list scheduling with a fixed priority order. */
function listSchedule(graph, duration, jobs, order) {
  const started = new Set();
  const finished = new Set();
  const running = [];
  let now = 0;
  while (finished.size < order.length) {
    const ready = order.filter((node) => {
      const parent = graph.parentOf(node.id);
      return !started.has(node.id) && (!parent || finished.has(parent.id));
    });
    while (running.length < jobs && ready.length > 0) {
      const node = ready.shift();
      started.add(node.id);
      running.push({ id: node.id, end: now + duration(node) });
    }
    running.sort((a, b) => a.end - b.end);
    const done = running.shift();
    now = done.end;
    finished.add(done.id);
  }
  return now;
}

const next = random(42);
let tighter = 0;
const instances = 300;
for (let i = 0; i < instances; i++) {
  const jobs = 2 + Math.floor(next() * 2);
  const { graph, duration } = randomForest(next);
  const best = Math.min(...permutations(graph.order).map((order) => listSchedule(graph, duration, jobs, order)));
  const work = graph.order.reduce((sum, node) => sum + duration(node), 0);
  const critical = Math.max(...graph.criticalPaths(duration).values());
  const simple = Math.max(critical, work / jobs);
  const bound = energeticBound(graph, duration, jobs, simple, 2 * work);
  if (bound > best) {
    console.error(`invalid bound: ${bound} > reachable makespan ${best} (instance ${i})`);
    process.exit(1);
  }
  if (bound > Math.ceil(simple)) tighter++;
}
console.log(`ok: ${instances} instances, the bound never exceeded a reachable makespan; tighter in ${tighter}`);
