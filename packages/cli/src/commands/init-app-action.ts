import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import {
  type AppBase,
  appBuildCommand,
  BasePinError,
  CatalogToolError,
  checkAppName,
  componentVersions,
  deploySpecOf,
  NO_PIN_HINT,
  needsPin,
  type PinnedAppBase,
  resolveAppBase,
  scaffoldApp,
  unpinnedAppBase,
} from '@catalog/core';
import { RegistryError } from '@catalog/registry';
import { pinnedAppBase } from '@catalog/runner';
import type { Command } from 'commander';
import { withCommandSignal } from '../command-signal.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { registryClient } from '../registry-client.js';
import type { InitAppOptions } from './init-app-options.js';

/** The folder an app would be created in already holds files. */
export class FolderNotEmptyError extends CatalogToolError {
  readonly exitCode = 1;
}

export async function initAppAction(name: string, options: InitAppOptions, command: Command, io: CliIo): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  checkAppName(name);
  const loaded = await loadCatalogFile(globals, io);
  const base = await fromReference(resolveAppBase(loaded.catalog, loaded.graph, options.from), options, io);
  const deploy = deploySpecOf(loaded.catalog, loaded.graph, base.node);
  const files = scaffoldApp({
    name,
    reference: base.reference,
    components: componentVersions(loaded.graph, base.node),
    ...(deploy ? { deploy } : {}),
  });
  const dir = resolve(io.cwd, options.dir ?? name);
  const shown = relative(io.cwd, dir).startsWith('..') ? dir : relative(io.cwd, dir) || '.';
  await ensureEmpty(dir, shown);
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content, { mode: file.mode });
    await chmod(path, file.mode);
  }
  if (globals.json) {
    return writeJson(io.stdout, {
      dir,
      from: base.reference,
      pinnedFrom: base.pinnedFrom,
      digest: base.digest,
      node: base.node.id,
      files: files.map((f) => f.path),
    });
  }
  writeLine(io.stdout, `created ${shown}/ FROM ${base.reference} (${base.node.id})`);
  writeLine(io.stdout, pinNote(base, shown));
  for (const file of files) writeLine(io.stdout, `  ${join(shown, file.path)}`);
  writeLine(io.stdout, 'next:');
  const build = appBuildCommand(name, files.find((file) => file.path === 'Dockerfile')?.content ?? '');
  writeLine(io.stdout, `  cd ${shown} && npx catalog lint Dockerfile && ${build}`);
}

/**
 * The FROM reference: the `-rN` build the rolling tag names now (read through the registry client,
 * as every command does), or with --no-pin the rolling tag itself. Read before anything is written.
 */
async function fromReference(base: AppBase, options: InitAppOptions, io: CliIo): Promise<PinnedAppBase> {
  if (!options.pin) return unpinnedAppBase(base);
  try {
    return await withCommandSignal((signal) =>
      pinnedAppBase(base, registryClient(io, signal, { retry: { attempts: 2 } })),
    );
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    throw new BasePinError(
      `cannot pin ${base.reference} to its -rN build: ${error.message}`,
      `check the registry (--registry, credentials), ${NO_PIN_HINT}`,
    );
  }
}

function pinNote(base: PinnedAppBase, shown: string): string {
  if (needsPin(base)) return `not pinned (--no-pin): ${base.tag} is a rolling tag, it moves to each rebuild`;
  const now = base.pinnedFrom === null ? 'as given' : `(what ${base.pinnedFrom} names now)`;
  return `pinned: ${base.tag} ${now}; \`npx catalog outdated ${shown}\` says when a rebuild is out`;
}

async function ensureEmpty(dir: string, shown: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      await mkdir(dir, { recursive: true });
      return;
    }
    if (code === 'ENOTDIR') throw new FolderNotEmptyError(`${shown} exists and is not a folder`, 'pick another --dir');
    throw error;
  }
  if (entries.length > 0) {
    throw new FolderNotEmptyError(
      `${shown} already exists and is not empty; init-app never overwrites files`,
      'pick another name or --dir, or remove the folder first',
    );
  }
}
