// `npm run bench -- --python`: our Python images against Debian's Python of the same version, with
// the same pure-Python script (python-speed.py: best of 5), alternating, in one run. Debian's is
// installed with apt into a Debian base of its release: python3.13 from trixie into the catalog's
// debian:13 image, python3.11 from bookworm into a bookworm tree from tools/base-rootfs.sh.
// Target: ours / Debian <= 1.02. Needs the example built (npm run example) in the local registry.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = fileURLToPath(new URL('./python-speed.py', import.meta.url));
const STORAGE = ['--storage-driver', 'vfs'];
const RUN = ['run', '--isolation', 'chroot'];

/** Debian's package of each Python minor version we compare, and the release that has it. */
const DEBIAN = {
  3.13: { suite: 'trixie', package: 'python3.13', command: 'python3.13' },
  3.11: { suite: 'bookworm', package: 'python3.11', command: 'python3.11' },
};

function sh(argv, options = {}) {
  const result = spawnSync(argv[0], argv.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout.trim();
}
const buildah = (args) => sh(['buildah', ...STORAGE, ...args]);

/** A working container of `image` with the benchmark script in /tmp. */
function containerOf(image, pull = true) {
  const from = ['from', '--quiet', ...(pull ? ['--pull', '--tls-verify=false'] : ['--pull=never']), image];
  const container = buildah(from).split('\n').at(-1);
  buildah(['copy', '--chmod', '0644', container, script, '/tmp/python-speed.py']);
  return container;
}

/** A container of Debian's Python `minor` on its release's base. */
function debianPython(minor, registry) {
  const debian = DEBIAN[minor];
  let container;
  if (debian.suite === 'trixie') container = containerOf(`${registry}/debian:13`);
  else {
    const tarball = sh(['tools/base-rootfs.sh', debian.suite], { stdio: ['ignore', 'pipe', 'inherit'] });
    container = buildah(['from', '--quiet', 'scratch']);
    buildah(['add', container, tarball, '/']);
    buildah(['copy', '--chmod', '0644', container, script, '/tmp/python-speed.py']);
  }
  const install = `apt-get update -qq && apt-get install -y -qq --no-install-recommends ${debian.package} >/dev/null`;
  buildah([...RUN, '--user', '0', container, '--', 'sh', '-c', install]);
  return { container, command: debian.command };
}

/** One run of the script (best of 5 inside): `{ total, parts: { name: seconds } }`. */
function timeIn(container, command) {
  return JSON.parse(buildah([...RUN, container, '--', command, '/tmp/python-speed.py', '5']));
}

/** The best of several runs: the lowest total, and each part's lowest time. */
function best(runs) {
  const parts = {};
  for (const name of Object.keys(runs[0].parts)) parts[name] = Math.min(...runs.map((run) => run.parts[name]));
  return { total: Math.min(...runs.map((run) => run.total)), parts };
}

function versionIn(container, command) {
  return buildah([...RUN, container, '--', command, '-c', 'import sys; print(sys.version.split()[0])']);
}

/** Compares each Python version of the example with Debian's; `rounds` alternating pairs each. */
export function pythonSpeed({ registry = '127.0.0.1:5000/acme', versions = ['3.13.5', '3.11.2'], rounds = 3 } = {}) {
  const rows = [];
  for (const version of versions) {
    const minor = version.split('.').slice(0, 2).join('.');
    const ours = containerOf(`${registry}/python:${version}`);
    const debian = debianPython(minor, registry);
    try {
      const runs = { ours: [], debian: [] };
      for (let round = 0; round < rounds; round++) {
        runs.ours.push(timeIn(ours, 'python'));
        runs.debian.push(timeIn(debian.container, debian.command));
      }
      const oursBest = best(runs.ours);
      const debianBest = best(runs.debian);
      const partRatios = {};
      for (const name of Object.keys(oursBest.parts)) {
        partRatios[name] = Number((oursBest.parts[name] / debianBest.parts[name]).toFixed(3));
      }
      rows.push({
        version,
        debianVersion: versionIn(debian.container, debian.command),
        ours: runs.ours.map((run) => run.total),
        debian: runs.debian.map((run) => run.total),
        oursBest: oursBest.total,
        debianBest: debianBest.total,
        ratio: Number((oursBest.total / debianBest.total).toFixed(3)),
        partRatios,
      });
    } finally {
      buildah(['rm', ours, debian.container]);
    }
  }
  return rows;
}

export function printPythonSpeed(rows) {
  console.log(
    '\nPython speed: the same pure-Python script, best of 5, alternating rounds (target: ours/Debian <= 1.02)',
  );
  console.log('version  Debian    ours s (rounds)            Debian s (rounds)          ours/Debian');
  for (const row of rows) {
    const list = (values) => values.map((v) => v.toFixed(3)).join(' ');
    console.log(
      `${row.version.padEnd(8)} ${row.debianVersion.padEnd(8)}  ${list(row.ours).padEnd(26)} ${list(row.debian).padEnd(26)} ${row.ratio.toFixed(3)}`,
    );
  }
  console.log('ours/Debian per part (best of all runs):');
  for (const row of rows) {
    const parts = Object.entries(row.partRatios).map(([name, ratio]) => `${name} ${ratio.toFixed(3)}`);
    console.log(`${row.version.padEnd(8)} ${parts.join('  ')}`);
  }
}
