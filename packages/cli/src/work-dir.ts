import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** In the working folder: the registry whose state (contexts, layouts, report, SBOMs, ledger) it holds. */
export const REGISTRY_MARKER = 'registry.txt';
/** Under the working folder: one folder per other registry. */
export const OTHER_REGISTRIES_DIR = 'registries';

/** A registry as a folder name: `127.0.0.1:5000/acme` → `127.0.0.1_5000_acme`. */
export function registrySlug(registry: string): string {
  return registry.replace(/[^A-Za-z0-9.-]+/g, '_');
}

/**
 * The working state of `registry` under the default working folder `out`: `out` itself when it
 * belongs to that registry (or to none yet), else `out/registries/<slug>/`, so runs for two
 * registries in one workspace never share build contexts, OCI layouts, `last-build.json`, SBOMs or
 * the ledger. `claim` records the registry in an unclaimed `out` (a build does; readers do not).
 */
export async function registryWorkDir(out: string, registry: string, claim: boolean): Promise<string> {
  const marker = join(out, REGISTRY_MARKER);
  const owner = (await readFile(marker, 'utf8').catch(() => '')).trim();
  if (owner === registry) return out;
  if (!owner) {
    if (claim) {
      await mkdir(out, { recursive: true });
      await writeFile(marker, `${registry}\n`);
    }
    return out;
  }
  return join(out, OTHER_REGISTRIES_DIR, registrySlug(registry));
}
