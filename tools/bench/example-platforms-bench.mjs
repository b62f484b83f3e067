// `npm run bench -- --example-platforms`: issue 18's target, the example catalog for linux/amd64 and
// linux/arm64 against linux/amd64 alone, in one run (long: it compiles CPython four times).
// In a new registry namespace with an empty buildah storage, from the offline mirror, the way a
// platform team turns arm64 on (catalog.bench-platforms.yaml, git-ignored, removed after):
// 1. the example's catalog.yaml as it is (linux/amd64) built, tested and published (`--push`): the
//    cold amd64-only build;
// 2. the same with `platforms: [linux/amd64, linux/arm64]` added (the catalog tool image kept on
//    linux/amd64, as the README says), built and published (`--push`): every node's amd64 image is
//    still current (same input hash) and its new index keeps it, so each node builds its arm64 image
//    (CPython cross-compiled with the amd64 artifact, RUN steps and smoke tests under emulation).
// Each platform's images are built once, as in a cold two-platform build (whose schedule differs:
// there each node builds amd64 then arm64), so (1 + 2) / 1 is what the second platform costs.
// Target: <= 2 on 2 cores. Both Debian root filesystems are bootstrapped before the clock starts
// (tools/base-rootfs.sh caches them). Each output line is kept with its time in
// tools/bench/tmp/example-platforms-<phase>.log.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CATALOG, freshStorage, offlineMirrorEnv, root, sh } from './bench-process.mjs';

const QEMU = '/proc/sys/fs/binfmt_misc/qemu-aarch64';
const CATALOG_FILE = 'catalog.bench-platforms.yaml';
const LOGS = join(root, 'tools/bench/tmp');

/** `catalog build` with `args`, its output lines stamped with the seconds since it started. */
function timedBuild(phase, catalog, args, env) {
  writeFileSync(join(root, CATALOG_FILE), catalog);
  mkdirSync(LOGS, { recursive: true });
  const log = createWriteStream(join(LOGS, `example-platforms-${phase}.log`));
  const reportFile = join(env.CATALOG_BENCH_DIR, `${phase}.json`);
  const argv = [CATALOG, '--catalog', CATALOG_FILE, 'build', '--push', '--report', reportFile, ...args];
  const started = Date.now();
  const child = spawn('node', argv, {
    cwd: root,
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      const stamped = `${((Date.now() - started) / 1000).toFixed(1).padStart(7)} ${line}`;
      log.write(`${stamped}\n`);
      console.log(stamped);
    });
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      log.end();
      const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
      // A node that fails is reported with the figures (its time was spent too); no report is an error.
      if (!existsSync(reportFile)) return reject(new Error(`catalog build ${args.join(' ')} exited ${code}`));
      const report = JSON.parse(readFileSync(reportFile, 'utf8'));
      const nodes = Object.fromEntries(report.nodes.map((n) => [n.id, Math.round((n.durationMs ?? 0) / 1000)]));
      const failed = report.nodes.filter((n) => n.status === 'failed').map((n) => `${n.id}: ${n.reason ?? 'failed'}`);
      resolve({ seconds, built: report.summary.built, nodes, failed });
    });
  });
}

/**
 * The example for both platforms as the README says to build it: `platforms:` at the top, and the
 * catalog tool image for linux/amd64 only (Node.js crashes running the CLI under qemu-user).
 */
function twoPlatformCatalog(catalog) {
  const toolImage = '\n  catalog:\n    kind: runtime\n';
  if (!catalog.includes(toolImage))
    throw new Error('catalog.yaml: no "catalog" image of kind runtime to keep on linux/amd64');
  const amd64Only = catalog.replace(toolImage, `${toolImage}    platforms: [linux/amd64]\n`);
  return `platforms: [linux/amd64, linux/arm64]\n${amd64Only}`;
}

export async function examplePlatformsBench() {
  if (!existsSync(QEMU)) {
    throw new Error(`no ${QEMU}: arm64 steps need emulation (apt-get install qemu-user-static binfmt-support)`);
  }
  for (const arch of ['amd64', 'arm64']) sh(['tools/base-rootfs.sh', '--arch', arch, 'trixie']);
  const registry = `${sh(['tools/registry.sh', 'start'])}/bench-example-platforms-${Date.now().toString(36)}`;
  const catalog = readFileSync(join(root, 'catalog.yaml'), 'utf8');
  const storage = freshStorage('catalog-bench-example-platforms-');
  const env = { ...offlineMirrorEnv(), ...storage.env, CATALOG_BENCH_DIR: storage.dir };
  try {
    const amd64 = await timedBuild('amd64', catalog, ['--registry', registry], env);
    const both = await timedBuild('both', twoPlatformCatalog(catalog), ['--registry', registry], env);
    const ratio = Number(((amd64.seconds + both.seconds) / amd64.seconds).toFixed(2));
    return { registry, amd64, both, ratio, target: 2 };
  } finally {
    rmSync(join(root, CATALOG_FILE), { force: true });
    sh(['buildah', 'rm', '--all'], { env: storage.env });
    sh(['buildah', 'rmi', '--all', '--force'], { env: storage.env });
    rmSync(storage.dir, { recursive: true, force: true });
  }
}

export function printExamplePlatformsBench(result) {
  console.log('\nthe example catalog for linux/amd64 alone, then for linux/amd64 and linux/arm64 (target: <= 2x)');
  console.log(`amd64 alone, cold:             ${result.amd64.seconds} s, ${result.amd64.built} built`);
  console.log(`then amd64+arm64 (arm64 added): ${result.both.seconds} s, ${result.both.built} built`);
  console.log(`two platforms / amd64 alone:   ${result.ratio.toFixed(2)} (each platform's images built once)`);
  for (const failure of [...result.amd64.failed, ...result.both.failed]) console.log(`failed: ${failure}`);
}
