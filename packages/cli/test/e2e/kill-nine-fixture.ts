import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO } from './fixture.js';

/**
 * The kill -9 suite's fixture: a three-level catalog (os → runtime → app) on a tiny root file
 * system copied from this machine (dash as /bin/sh, sleep, cat and their libraries: no download, no
 * debootstrap), built by buildah in a storage of its own (CONTAINERS_STORAGE_CONF), so that its
 * containers and processes can be told apart from anything else on the machine.
 */

/** The files of the root file system: dash as sh, and the libraries `ldd` names. */
function rootfsFiles(): Map<string, string> {
  const files = new Map<string, string>([
    ['/bin/sh', '/bin/dash'],
    ['/bin/sleep', '/bin/sleep'],
    ['/bin/cat', '/bin/cat'],
  ]);
  for (const binary of [...files.values()]) {
    const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
    for (const match of out.matchAll(/(\/\S+) \(0x/g)) {
      const library = match[1] as string;
      files.set(library, library);
    }
  }
  return files;
}

/** Writes `rootfs.tar` into `dir`. */
export function writeRootfs(dir: string): void {
  const root = join(dir, 'rootfs');
  for (const [target, source] of rootfsFiles()) {
    mkdirSync(join(root, dirname(target)), { recursive: true });
    cpSync(source, join(root, target), { dereference: true });
  }
  mkdirSync(join(root, 'tmp'), { recursive: true });
  execFileSync('tar', ['-C', root, '-cf', join(dir, 'rootfs.tar'), '.']);
}

export function killNineCatalog(registry: string): string {
  return `registry: ${registry}
labels: { prefix: io.k9, vendor: K9 }
builder: { name: buildah, storageDriver: vfs, isolation: chroot }
images:
  os:
    kind: os
    versions: { "1": {} }
    tests: [{ name: stamp, run: [cat, /etc/stamp], expect: run- }]
  runtime:
    kind: runtime
    from: os:1
    versions: { "1.0": {} }
    tests: [{ name: built, run: [cat, /etc/runtime], expect: run- }]
  app:
    kind: app
    from: runtime:1.0
    versions: { "1.0.0": {} }
`;
}

const TEMPLATES: Record<string, string> = {
  'images/os/Dockerfile.hbs': `FROM scratch
ADD rootfs.tar /
COPY stamp /etc/stamp
{{> labels}}
CMD ["sh"]
`,
  'images/runtime/Dockerfile.hbs': `{{> base-image}}
FROM \${BASE_IMAGE}
RUN sleep 0.5 && cat /etc/stamp > /etc/runtime
{{> labels}}
`,
  'images/app/Dockerfile.hbs': `{{> base-image}}
FROM \${BASE_IMAGE}
RUN cat /etc/runtime > /etc/app
{{> labels}}
`,
};

/** The workspace: catalog, templates, partials, the root file system and a stamp (`setStamp`). */
export function killNineWorkspace(dir: string, registry: string): void {
  writeFileSync(join(dir, 'catalog.yaml'), killNineCatalog(registry));
  for (const [path, text] of Object.entries(TEMPLATES)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  cpSync(join(REPO, 'images/_partials'), join(dir, 'images/_partials'), { recursive: true });
  writeRootfs(join(dir, 'images/os'));
  setStamp(dir, 'run-0');
}

/** A new stamp makes the os image, and so every node, build again. */
export function setStamp(dir: string, stamp: string): void {
  writeFileSync(join(dir, 'images/os/stamp'), `${stamp}\n`);
}

/** A storage.conf for buildah under `dir` (vfs), and the environment that selects it. */
export function privateStorage(dir: string): Record<string, string> {
  const conf = join(dir, 'storage.conf');
  writeFileSync(
    conf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(dir, 'graph')}"\nrunroot = "${join(dir, 'run')}"\n`,
  );
  return { CONTAINERS_STORAGE_CONF: conf };
}

/** The buildah containers in that storage. */
export function containersIn(env: Record<string, string>): string[] {
  const result = spawnSync(
    'buildah',
    ['--storage-driver', 'vfs', 'containers', '--noheading', '--format', '{{.ContainerName}}'],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    },
  );
  if (result.status !== 0) throw new Error(`buildah containers failed: ${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Removes the containers in that storage (the suite's own storage only). */
export function removeContainersIn(env: Record<string, string>): void {
  spawnSync('buildah', ['--storage-driver', 'vfs', 'rm', '--all'], { env: { ...process.env, ...env } });
}

/**
 * The processes a run left: those whose environment carries `marker` (the run's own children),
 * or whose command line, working folder or root is under `dir` (a RUN step chrooted into the
 * suite's storage has neither the run's environment nor its command line).
 */
export function processesOf(marker: string, dir: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const read = (file: string) => {
      try {
        return readFileSync(`/proc/${pid}/${file}`, 'utf8');
      } catch {
        return '';
      }
    };
    const link = (file: string) => {
      try {
        return readlinkSync(`/proc/${pid}/${file}`);
      } catch {
        return '';
      }
    };
    const stat = read('stat');
    if (stat === '' || /\) Z /.test(stat)) continue;
    const command = read('cmdline').replaceAll('\0', ' ').trim();
    const ours =
      read('environ').split('\0').includes(marker) ||
      command.includes(dir) ||
      link('cwd').startsWith(dir) ||
      link('root').startsWith(dir);
    if (ours) found.push({ pid, command });
  }
  return found;
}
