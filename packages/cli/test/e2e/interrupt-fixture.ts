import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCacheDir } from '@catalog/runner';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { CATALOG_BIN, REPO } from './fixture.js';

/**
 * A three-level chain that builds in seconds: a Debian root filesystem (tools/base-rootfs.sh,
 * cached after its first run) and two images that only copy a file each. Each has a smoke test,
 * and the run records and pushes each image's package list, as a real build does.
 */
export interface ChainOptions {
  /** The os image's prepare step instead of the root filesystem's. */
  readonly osPrepare?: (workspace: string) => readonly string[];
  /** A RUN step in the runtime image, which also gets the build secret `token` (from E2E_TOKEN). */
  readonly runtimeRun?: string;
}

export function chainCatalog(registry: string, osPrepare?: readonly string[], secret = false): string {
  // The root filesystem comes from the machine's cache even when the run's CATALOG_CACHE is elsewhere.
  const rootfs = JSON.stringify(
    osPrepare ?? ['env', `CATALOG_CACHE=${defaultCacheDir(process.env)}`, join(REPO, 'tools/base-rootfs.sh'), 'trixie'],
  );
  return `registry: ${registry}
labels: { prefix: io.e2e, vendor: E2E }
builder: { name: buildah, storageDriver: vfs, isolation: chroot }
images:
  os:
    kind: os
    prepare: { run: ${rootfs}, file: rootfs.tar }
    tests: [{ name: release, run: [cat, /etc/debian_version], expect: "13." }]
    versions: { "13": {} }
  runtime:
    kind: runtime
    from: os:13${secret ? '\n    secrets: [{ id: token, env: E2E_TOKEN }]' : ''}
    versions: { "1.0": {} }
    tests: [{ name: marker, run: [cat, /etc/runtime.txt], expect: runtime }]
  app:
    kind: app
    from: runtime:1.0
    versions: { "1.0.0": {} }
    tests: [{ name: says hello, run: [/home/app/hello.sh], expect: hello }]
`;
}

const TEMPLATES: Record<string, string> = {
  'images/os/Dockerfile.hbs': 'FROM scratch\nADD rootfs.tar /\n{{> labels}}\nCMD ["bash"]\n',
  'images/runtime/Dockerfile.hbs': `{{> base-image}}
FROM \${BASE_IMAGE}
COPY runtime.txt /etc/runtime.txt
{{> labels}}
`,
  'images/runtime/runtime.txt': 'runtime\n',
  'images/app/Dockerfile.hbs': `{{> base-image}}
FROM \${BASE_IMAGE}
COPY hello.sh /home/app/hello.sh
{{> labels}}
CMD ["/home/app/hello.sh"]
`,
  'images/app/hello.sh': '#!/bin/sh\nexec echo hello\n',
};

/** A fresh workspace with the chain catalog, its templates and the repository's partials. */
export function chainWorkspace(registry: string, options: ChainOptions = {}): string {
  const dir = tempDir('catalog-e2e-interrupt-');
  writeFileSync(
    join(dir, 'catalog.yaml'),
    chainCatalog(registry, options.osPrepare?.(dir), Boolean(options.runtimeRun)),
  );
  const templates = { ...TEMPLATES };
  if (options.runtimeRun) {
    const runtime = 'images/runtime/Dockerfile.hbs';
    templates[runtime] = (templates[runtime] ?? '').replace('COPY ', `${options.runtimeRun}\nCOPY `);
  }
  for (const [path, text] of Object.entries(templates)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
  cpSync(join(REPO, 'images/_partials'), join(dir, 'images/_partials'), { recursive: true });
  return dir;
}

/**
 * buildah storage of its own (CONTAINERS_STORAGE_CONF): what a run leaves there is exactly what
 * `containers()` lists, whatever other suites do in the machine's storage at the same time.
 */
export function privateStorage(): {
  env: Record<string, string>;
  containers(): string[];
  remove(container: string): void;
  dir: string;
} {
  const dir = tempDir('catalog-e2e-storage-');
  const conf = join(dir, 'storage.conf');
  writeFileSync(
    conf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(dir, 'root')}"\nrunroot = "${join(dir, 'run')}"\n`,
  );
  const env = { CONTAINERS_STORAGE_CONF: conf };
  const buildah = (args: readonly string[]) => {
    const run = spawnSync('buildah', ['--storage-driver', 'vfs', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    if (run.status !== 0) throw new Error(`buildah ${args.join(' ')} failed: ${run.stderr}`);
    return run.stdout;
  };
  const containers = () =>
    buildah(['containers', '--format', '{{.ContainerName}}'])
      .split('\n')
      .filter((line) => line !== '');
  return { env, containers, remove: (container) => void buildah(['rm', container]), dir };
}

export interface RunningCatalog {
  readonly child: ChildProcess;
  /** Resolves once the process has printed `text` (stdout or stderr). */
  printed(text: string): Promise<void>;
  /** Resolves when the process has exited, with everything it printed. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `catalog ARGS` in `cwd` (CI=1: plain lines) without waiting for it. */
export function startCatalog(cwd: string, args: readonly string[], env: Record<string, string>): RunningCatalog {
  const child = spawn('node', [CATALOG_BIN, ...args], { cwd, env: { ...process.env, CI: '1', ...env } });
  let stdout = '';
  let stderr = '';
  const waiting = new Set<{ text: string; resolve: () => void }>();
  const seen = () => {
    for (const waiter of waiting) {
      if (!(stdout + stderr).includes(waiter.text)) continue;
      waiting.delete(waiter);
      waiter.resolve();
    }
  };
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
    seen();
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
    seen();
  });
  const printed = (text: string) =>
    new Promise<void>((resolve) => {
      waiting.add({ text, resolve });
      seen();
    });
  const done = new Promise<Awaited<RunningCatalog['done']>>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, printed, done };
}

/** Every `repository:tag` of the registry (package lists included) and the digest it names. */
export async function registryTags(base: string): Promise<Map<string, string>> {
  const catalog = (await (await fetch(`${base}/v2/_catalog`)).json()) as { repositories: string[] | null };
  const tags = new Map<string, string>();
  for (const repository of catalog.repositories ?? []) {
    const listed = (await (await fetch(`${base}/v2/${repository}/tags/list`)).json()) as { tags: string[] | null };
    for (const tag of listed.tags ?? []) {
      const head = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
        method: 'HEAD',
        headers: {
          accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json',
        },
      });
      tags.set(`${repository}:${tag}`, head.headers.get('docker-content-digest') ?? `HEAD ${head.status}`);
    }
  }
  return tags;
}

/** The ledger's lines as `repository-path:tag → digest` (the registry host left out). */
export function ledgerTags(file: string): Map<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const entries = lines.map((line) => JSON.parse(line) as { repository: string; tag: string; digest: string });
  return new Map(entries.map((e) => [`${e.repository.replace(/^[^/]+\//, '')}:${e.tag}`, e.digest]));
}

/** Lock files in a folder (the run lock in out/, the publish locks in <cache>/locks). */
export function lockFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.lock'));
  } catch {
    return [];
  }
}

/** Resolves once `file` exists (polled every 50 ms). */
export async function fileAppears(file: string): Promise<void> {
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Resolves once `file` contains `text` (polled every 100 ms). */
export async function textAppears(file: string, text: string): Promise<void> {
  const read = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  while (!read().includes(text)) await new Promise((resolve) => setTimeout(resolve, 100));
}
