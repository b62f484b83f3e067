// `npm run bench -- --rebuild`: the cost of a security rebuild against a cold build, in one run.
// 1. Cold: the example chain built and pushed into a namespace of its own in the local registry,
//    with a buildah storage of its own (empty: no layer cache, as on a fresh machine).
// 2. A Debian security fix (tools/security-fix.sh serves a newer base-files), then
//    `catalog build --upstream-changed --push`: Debian is bootstrapped again and everything above it
//    reassembled; CPython and the Flask wheels come from the registry's artifacts.
// Target: the rebuild <= 20% of the cold build's wall time, with no CPython compile.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG, freshStorage, offlineMirrorEnv, sh as run } from './bench-process.mjs';

const sh = (argv, env = {}) => run(argv, { env });

/** One `catalog build`, timed; its report. */
function timedBuild(args, env) {
  const reportFile = join(tmpdir(), `catalog-bench-report-${process.pid}.json`);
  const started = Date.now();
  let seconds;
  let report;
  try {
    sh(['node', CATALOG, 'build', '--push', '--report', reportFile, ...args], env);
    seconds = (Date.now() - started) / 1000;
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } finally {
    rmSync(reportFile, { force: true });
  }
  const artifacts = report.nodes.filter((n) => n.artifact).map((n) => ({ id: n.id, reused: n.artifact.reused }));
  return { seconds: Number(seconds.toFixed(1)), built: report.summary.built, artifacts };
}

export async function rebuildBench() {
  const registry = `${sh(['tools/registry.sh', 'start'])}/bench-${Date.now().toString(36)}`;
  const env = offlineMirrorEnv();
  const storage = freshStorage();
  try {
    const cold = timedBuild(['--registry', registry], { ...env, ...storage.env });
    const served = sh(['tools/security-fix.sh', 'serve']);
    const security = /CATALOG_MIRROR_DEBIAN_SECURITY=(\S+)/.exec(served)?.[1] ?? '';
    const keyring = /CATALOG_KEYRING_DEBIAN_SECURITY=(\S+)/.exec(served)?.[1] ?? '';
    try {
      const rebuild = timedBuild(['--upstream-changed', '--registry', registry], {
        ...env,
        ...storage.env,
        CATALOG_MIRROR_DEBIAN_SECURITY: security,
        CATALOG_KEYRING_DEBIAN_SECURITY: keyring,
      });
      return {
        registry,
        cold,
        rebuild,
        rebuildVsCold: Number((rebuild.seconds / cold.seconds).toFixed(3)),
        compiledInRebuild: rebuild.artifacts.filter((a) => !a.reused).map((a) => a.id),
      };
    } finally {
      sh(['tools/security-fix.sh', 'stop']);
    }
  } finally {
    rmSync(storage.dir, { recursive: true, force: true });
  }
}

export function printRebuildBench(result) {
  console.log('cold build vs security rebuild of the example chain (target: rebuild <= 20% of cold, no compile)');
  console.log(`cold:    ${result.cold.seconds} s, ${result.cold.built} built`);
  console.log(
    `rebuild: ${result.rebuild.seconds} s, ${result.rebuild.built} built = ${(result.rebuildVsCold * 100).toFixed(1)}% of cold`,
  );
  const compiled = result.compiledInRebuild;
  console.log(
    `compiled in the rebuild: ${compiled.length === 0 ? 'nothing (every artifact reused)' : compiled.join(', ')}`,
  );
}
