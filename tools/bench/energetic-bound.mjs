// A tighter lower bound on the makespan than max(critical path, work / jobs), by energetic
// reasoning (Fernandez & Bussell; Lopez & Erschler): a deadline T is impossible when, in some
// interval [a, b], the work that every schedule of length T must place inside it exceeds
// jobs × (b − a). Each node may only run between its earliest start (the work of its ancestors)
// and its latest finish (T minus the longest chain below it); the part of it that falls inside
// [a, b] whatever its start is its mandatory work. The smallest T that passes is still a lower
// bound on every schedule's makespan, so the scheduler can be measured against something it
// could reach.

/** Earliest start, duration and tail (longest chain from the node to a leaf, itself included). */
function windows(graph, duration) {
  const tails = graph.criticalPaths(duration);
  const heads = new Map();
  const rows = [];
  for (const node of graph.order) {
    const parent = graph.parentOf(node.id);
    const p = duration(node);
    const head = parent ? heads.get(parent.id) + duration(parent) : 0;
    heads.set(node.id, head);
    rows.push({ es: head, p, tail: tails.get(node.id) });
  }
  return rows;
}

/** The work each node must do inside [a, b] when its start lies in [es, T − tail]. */
function mandatory(row, deadline, a, b) {
  const ls = deadline - row.tail;
  return Math.max(0, Math.min(b - a, row.p, row.es + row.p - a, b - ls));
}

function feasible(rows, deadline, jobs) {
  const starts = [...new Set(rows.flatMap((r) => [r.es, deadline - r.tail]))].sort((x, y) => x - y);
  const ends = [...new Set(rows.flatMap((r) => [r.es + r.p, deadline - r.tail + r.p]))].sort((x, y) => x - y);
  for (const a of starts) {
    for (const b of ends) {
      if (b <= a) continue;
      const capacity = jobs * (b - a);
      let work = 0;
      for (const row of rows) {
        work += mandatory(row, deadline, a, b);
        if (work > capacity) return false;
      }
    }
  }
  return true;
}

/**
 * The smallest integer deadline in [from, to] that energetic reasoning cannot rule out
 * (binary search: a longer deadline only loosens the windows). `to` must be a reachable makespan.
 */
export function energeticBound(graph, duration, jobs, from, to) {
  const rows = windows(graph, duration);
  let low = Math.ceil(from);
  let high = to;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (feasible(rows, middle, jobs)) high = middle;
    else low = middle + 1;
  }
  return low;
}
