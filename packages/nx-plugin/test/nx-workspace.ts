import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '@catalog/cli';
import { nxProjectName } from '@catalog/core';
import { tempDir } from '../../../tools/vitest/temp-dir.js';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
const nxBin = join(repo, 'node_modules/nx/dist/bin/nx.js');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_LOG_GROUPING: 'true' };

/** The plugin's compiled module must exist: Nx loads it from the package's dist, as in a clone after `npm ci`. */
export function buildPlugin(): void {
  execFileSync(join(repo, 'node_modules/.bin/tsc'), ['-b', join(repo, 'packages/nx-plugin')], { stdio: 'pipe' });
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: 'pipe',
  });
}

/**
 * A git repository laid out as a user's catalog workspace with the Nx plugin configured: the
 * example catalog and images, nx.json, this workspace's node_modules; committed on main.
 */
export function nxWorkspace(): string {
  const dir = tempDir('catalog-nx-');
  cpSync(join(repo, 'catalog.yaml'), join(dir, 'catalog.yaml'));
  cpSync(join(repo, 'images'), join(dir, 'images'), { recursive: true });
  mkdirSync(join(dir, 'tools'));
  cpSync(join(repo, 'tools/base-rootfs.sh'), join(dir, 'tools/base-rootfs.sh'));
  cpSync(join(repo, 'tools/lib'), join(dir, 'tools/lib'), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  writeNxJson(dir, { plugins: ['@catalog/nx-plugin'] });
  writeFileSync(join(dir, 'package.json'), '{ "name": "images", "private": true }\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n.nx\nout\ngraph.json\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'base');
  return dir;
}

/** Writes the workspace's nx.json. */
export function writeNxJson(dir: string, nxJson: object): void {
  writeFileSync(join(dir, 'nx.json'), `${JSON.stringify(nxJson, null, 2)}\n`);
}

/** Runs the nx command of this workspace in `dir`, without daemon or cloud. */
export function nx(dir: string, ...args: string[]): string {
  return execFileSync('node', [nxBin, ...args], { cwd: dir, env, encoding: 'utf8', stdio: 'pipe' });
}

/** The image projects `nx show projects --affected` selects between base and head, sorted. */
export function nxAffected(dir: string, base: string, head: string): string[] {
  const out = nx(dir, 'show', 'projects', '--affected', `--base=${base}`, `--head=${head}`, '--json');
  return (JSON.parse(out) as string[]).sort();
}

/** The nodes `catalog plan --affected` selects between base and head, as Nx project names, sorted. */
export async function catalogAffected(dir: string, base: string, head: string): Promise<string[]> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: {},
    cwd: dir,
  };
  const code = await main(['plan', '--affected', '--base', base, '--head', head, '--json'], io);
  if (code !== 0) throw new Error(`catalog plan failed (${code}): ${stderr}`);
  const plan = JSON.parse(stdout) as { images: { id: string }[] };
  return plan.images.map((image) => nxProjectName(image)).sort();
}

/** How many of the tasks `nx run-many -t <target>` took from its cache, and how many it ran in all. */
export function runMany(dir: string, target: string): { cached: number; tasks: number } {
  const out = nx(dir, 'run-many', '-t', target, '--outputStyle=static');
  const tasks = Number(/Successfully ran target \S+ for (\d+) projects?/.exec(out)?.[1] ?? Number.NaN);
  const cached = Number(/from the cache instead of running the command for (\d+) out of/.exec(out)?.[1] ?? 0);
  return { cached, tasks };
}

/** The bundled `catalog` command, which the targets run: `npm ci` builds it; build it when missing. */
export function buildCli(): void {
  if (!existsSync(join(repo, 'packages/cli/dist/bundle/main.cjs'))) {
    execFileSync('node', [join(repo, 'tools/bundle-cli.mjs')], { cwd: repo, stdio: 'pipe' });
  }
}
