import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@catalog/core';
import { LAST_REPORT } from '@catalog/runner';
import { LEDGER_FILE as LEDGER } from './commands/build-options.js';

/** In a working folder: the registry whose state (contexts, layouts, report, SBOMs, ledger) it holds. */
export const REGISTRY_MARKER = 'registry.txt';
/** Under the default working folder: one folder per other registry. */
export const OTHER_REGISTRIES_DIR = 'registries';

/** A registry as a folder name: `127.0.0.1:5000/acme` → `127.0.0.1_5000_acme`. */
export function registrySlug(registry: string): string {
  return registry.replace(/[^A-Za-z0-9.-]+/g, '_');
}

/**
 * The working state of `registry` under the default working folder `out`: `out` itself when it
 * belongs to that registry (or to none yet), else `out/registries/<slug>/`, so runs for two
 * registries in one workspace never share build contexts, OCI layouts, `last-build.json`, SBOMs or
 * the ledger. Who owns `out` is `out/registry.txt`; an `out` without it (written before the marker
 * existed) belongs to the registry its `last-build.json` names, and one whose ledger cannot be
 * placed is refused (see workDirOwner). `claim` records the registry in an unclaimed `out` (a
 * build does; readers and dry runs do not).
 */
export async function registryWorkDir(out: string, registry: string, claim: boolean): Promise<string> {
  const owner = await workDirOwner(out);
  if (owner === registry || owner === undefined) {
    if (claim) await claimWorkDir(out, registry);
    return out;
  }
  return join(out, OTHER_REGISTRIES_DIR, registrySlug(registry));
}

/**
 * A working folder given with --out: used as it is, but never for a second registry. It is claimed
 * like `out/` (its registry.txt), and a folder holding another registry's state is refused.
 */
export async function explicitWorkDir(dir: string, registry: string, claim: boolean): Promise<string> {
  const owner = await workDirOwner(dir);
  if (owner !== undefined && owner !== registry) {
    throw new UsageError(
      `--out ${dir} holds the build state of ${owner}, not of ${registry}`,
      `choose another --out for ${registry}, or leave out --out (each registry gets its own folder under out/)`,
    );
  }
  if (claim) await claimWorkDir(dir, registry);
  return dir;
}

/**
 * The registry a working folder belongs to: its registry.txt, else (state written before the
 * marker existed) the registry its last report names; undefined for a folder with no state read
 * back. A ledger with no report to place it is refused: appending another registry's tags to it
 * would mix two histories.
 */
export async function workDirOwner(dir: string): Promise<string | undefined> {
  const marked = (await readOptional(join(dir, REGISTRY_MARKER)))?.trim();
  if (marked) return marked;
  const reported = reportRegistry(await readOptional(join(dir, LAST_REPORT)));
  if (reported) return reported;
  if ((await readOptional(join(dir, LEDGER))) !== undefined) {
    throw new UsageError(
      `${dir} holds a publish ledger (${LEDGER}) but does not say for which registry`,
      `write that registry into ${join(dir, REGISTRY_MARKER)} (one line), or move the folder away`,
    );
  }
  return undefined;
}

async function claimWorkDir(dir: string, registry: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, REGISTRY_MARKER), `${registry}\n`);
}

/** The `registry` of a report's text; undefined when it is not a report (the report reader says why). */
function reportRegistry(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    const registry = typeof parsed === 'object' && parsed !== null ? (parsed as { registry?: unknown }).registry : '';
    return typeof registry === 'string' && registry !== '' ? registry : undefined;
  } catch {
    return undefined;
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
