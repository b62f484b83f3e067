import type { Plan, PlanEntry } from './plan.js';

/**
 * What the generated pipelines (Tekton, GitHub Actions) share: one build job per node and
 * platform, its name, the report it writes and the report of its parent's job on the same
 * platform (`build --parents-from`).
 */
export interface PlatformJob {
  readonly entry: PlanEntry;
  readonly platform: string;
  /** A DNS-1123 label (Tekton task names, GitHub job ids): `build-python-3-13-5-amd64`. */
  readonly name: string;
  /** The job's build report file name: `<name>.json`. */
  readonly report: string;
  /** The job of the parent on the same platform, when the parent is in the plan. */
  readonly parent?: string;
}

/** Every platform the plan's nodes are built for (the catalog's `platforms:`), in first-seen order. */
export function planPlatforms(plan: Plan): readonly string[] {
  return [...new Set(plan.images.flatMap((entry) => entry.platforms))];
}

/**
 * A job per node and platform it is built for (of `platforms`: all the plan's by default, fewer with
 * `--platform`), parents first; a child's `parent` names its parent's job on its platform.
 */
export function platformJobs(plan: Plan, platforms: readonly string[] = planPlatforms(plan)): PlatformJob[] {
  const names = new Map<string, string>();
  const jobs: PlatformJob[] = [];
  for (const entry of plan.images) {
    for (const platform of platforms.filter((p) => entry.platforms.includes(p))) {
      const name = jobName(entry.id, platform);
      names.set(`${entry.id} ${platform}`, name);
      const parent = entry.parentType === 'node' && entry.parent ? names.get(`${entry.parent} ${platform}`) : undefined;
      jobs.push({ entry, platform, name, report: `${name}.json`, ...(parent ? { parent } : {}) });
    }
  }
  return jobs;
}

/**
 * `build-<node>-<arch>` as a DNS-1123 label of at most 63 characters (lowercase letters, digits,
 * `-`); a longer one is cut and ends in a hash of the whole, so two nodes never share a name.
 */
export function jobName(id: string, platform: string): string {
  const arch = platform.split('/').slice(1).join('-');
  const name = `build-${id}-${arch}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (name.length <= 63) return name;
  const hash = fnv1a(name).toString(16).padStart(8, '0');
  return `${name.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

/** FNV-1a, 32 bits: a short, stable hash (names only, no security). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
