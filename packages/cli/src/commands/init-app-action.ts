import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import {
  appBuildCommand,
  CatalogToolError,
  checkAppName,
  componentVersions,
  deploySpecOf,
  resolveAppBase,
  scaffoldApp,
} from '@catalog/core';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import type { InitAppOptions } from './init-app-options.js';

/** The folder an app would be created in already holds files. */
export class FolderNotEmptyError extends CatalogToolError {
  readonly exitCode = 1;
}

export async function initAppAction(name: string, options: InitAppOptions, command: Command, io: CliIo): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  checkAppName(name);
  const loaded = await loadCatalogFile(globals, io);
  const base = resolveAppBase(loaded.catalog, loaded.graph, options.from);
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
    return writeJson(io.stdout, { dir, from: base.reference, node: base.node.id, files: files.map((f) => f.path) });
  }
  writeLine(io.stdout, `created ${shown}/ FROM ${base.reference} (${base.node.id})`);
  for (const file of files) writeLine(io.stdout, `  ${join(shown, file.path)}`);
  writeLine(io.stdout, 'next:');
  const build = appBuildCommand(name, files.find((file) => file.path === 'Dockerfile')?.content ?? '');
  writeLine(io.stdout, `  cd ${shown} && npx catalog lint Dockerfile && ${build}`);
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
