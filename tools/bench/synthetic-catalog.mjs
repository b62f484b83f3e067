// Generates synthetic catalogs for benchmarks: `size` nodes, up to `depth` levels, wide fan-out.
// Deterministic: the same arguments always give the same text.

/** mulberry32: a small seeded PRNG, so generated inputs are reproducible. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERSIONS = ['1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.1.0'];
/** Share of the nodes on each level: few bases, many leaves. */
const LEVEL_WEIGHTS = [0.01, 0.03, 0.08, 0.18, 0.3, 0.4];

export function syntheticCatalog(size, depth = 6, seed = 42) {
  const next = random(seed);
  const weights = LEVEL_WEIGHTS.slice(0, depth);
  const total = weights.reduce((a, b) => a + b, 0);
  const levels = weights.map(() => []); // node ids per level
  const lines = ['registry: registry.example/bench', 'images:'];
  let count = 0;
  let imageIndex = 0;
  for (let level = 0; level < depth; level++) {
    const budget = level === depth - 1 ? size - count : Math.max(1, Math.round((size * (weights[level] ?? 0)) / total));
    let made = 0;
    while (made < budget && count < size) {
      const name = `img${imageIndex++}`;
      const pick = () => {
        const parents = levels[level - 1] ?? [];
        return parents[Math.floor(next() * parents.length)];
      };
      const withVariants = level > 0 && imageIndex % 3 === 0;
      const versions = VERSIONS.slice(
        0,
        Math.max(1, Math.min(VERSIONS.length, budget - made) / (withVariants ? 2 : 1)),
      );
      lines.push(`  ${name}:`, `    kind: ${level === 0 ? 'os' : level === depth - 1 ? 'app' : 'runtime'}`);
      if (level > 0 && !withVariants) lines.push(`    from: ${pick()}`);
      lines.push('    versions:', ...versions.map((v) => `      "${v}": { flavour: v${level} }`));
      const variants = withVariants ? ['a', 'b'] : [null];
      if (withVariants) {
        lines.push('    variants:', `      a: { from: ${pick()}, default: true }`, `      b: { from: ${pick()} }`);
      }
      for (const version of versions) {
        for (const variant of variants) {
          levels[level].push(variant ? `${name}:${version}-${variant}` : `${name}:${version}`);
          made++;
          count++;
        }
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, nodes: count };
}
