import type { Instruction } from 'dockerfile-ast';
import { cacheMountTargets, type DockerfileModel, keyword } from './dockerfile-model.js';
import { isInstall, type PackageCommand, packageCommands, packageName } from './package-commands.js';
import type { RuleHit } from './rules.js';
import { commandCall, type ShellCommand } from './shell.js';

/**
 * Package-manager hygiene, in every stage (a builder's layers are built, cached and pulled as
 * cache too): caches cleaned in the same RUN, no upgrades, no lone update, lean, pinned and sorted installs.
 */
export function checkPackages(model: DockerfileModel): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const run of model.instructions.filter((i) => keyword(i) === 'RUN')) {
    const commands = model.commands(run);
    const packages = packageCommands(commands);
    hits.push(...upgrades(packages), ...unsorted(packages), ...loneUpdate(packages), ...apkUnpinned(packages));
    hits.push(...leftovers(run, commands, packages), ...recommends(packages));
  }
  return hits;
}

/** apt actions that do not use the package lists an update fetched. */
const LIST_FREE = new Set(['update', 'clean', 'dist-clean', 'autoclean', 'autoremove', 'purge', 'remove']);

/** `apt-get update` in a RUN that uses the lists for nothing (install, download, ...): a later RUN reuses its cached, aging lists. */
function loneUpdate(packages: readonly PackageCommand[]): RuleHit[] {
  const apt = packages.filter((p) => p.manager === 'apt');
  const update = apt.find((p) => p.action?.text === 'update');
  if (update === undefined || apt.some((p) => p.action !== undefined && !LIST_FREE.has(p.action.text))) return [];
  const message =
    `${update.call.name} update without an install in the same RUN: the cached layer keeps old lists and a later ` +
    'install gets stale or missing packages; update and install in one RUN';
  return [{ rule: 'apt-update-alone', line: update.call.nameWord.line, column: update.call.nameWord.column, message }];
}

/** `apk add` of packages without a version (`curl=8.14.1-r1`, `curl~8.14`); local .apk files are fine. */
function apkUnpinned(packages: readonly PackageCommand[]): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const command of packages.filter((p) => p.manager === 'apk' && isInstall(p))) {
    const unpinned = command.packages.filter((w) => !/[=~<>$]|\.apk$|\//.test(w.text));
    const first = unpinned[0];
    if (first === undefined) continue;
    const names = unpinned.map((w) => w.text).join(', ');
    const message = `apk add ${names} without a version, so every build may get another one; pin it (name=1.2.3-r0 or name~1.2)`;
    hits.push({ rule: 'apk-unpinned', line: first.line, column: first.column, message });
  }
  return hits;
}

const UPGRADES = new Set(['upgrade', 'dist-upgrade', 'full-upgrade']);

function upgrades(packages: readonly PackageCommand[]): RuleHit[] {
  return packages
    .filter((p) => p.manager === 'apt' && p.action && UPGRADES.has(p.action.text))
    .map((p) => ({
      rule: 'apt-upgrade',
      line: p.call.nameWord.line,
      column: p.call.nameWord.column,
      message: `${p.call.name} ${p.action?.text} makes the image depend on the day of the build; rebuild on a newer base image instead`,
    }));
}

function recommends(packages: readonly PackageCommand[]): RuleHit[] {
  return packages
    .filter((p) => p.manager === 'apt' && isInstall(p))
    .filter(
      (p) => !p.options.some((o) => o === '--no-install-recommends' || /Install-Recommends=(false|0|no)/i.test(o)),
    )
    .map((p) => ({
      rule: 'apt-install-recommends',
      line: p.call.nameWord.line,
      column: p.call.nameWord.column,
      message: `${p.call.name} install without --no-install-recommends pulls in packages nobody asked for`,
    }));
}

/** Package lists that span several lines must be sorted; reports the first package out of order. */
function unsorted(packages: readonly PackageCommand[]): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const command of packages.filter(isInstall)) {
    const words = command.packages.filter((w) => !w.text.includes('$'));
    if (new Set(words.map((w) => w.line)).size < 2) continue;
    const key = (text: string) => packageName(text).toLowerCase();
    const index = words.findIndex((w, k) => k > 0 && key(w.text) < key(words[k - 1]?.text ?? ''));
    const word = words[index];
    const previous = words[index - 1];
    if (word === undefined || previous === undefined) continue;
    const message = `package list is not sorted: ${word.text} should come before ${previous.text}`;
    hits.push({ rule: 'unsorted-packages', line: word.line, column: word.column, message });
  }
  return hits;
}

interface Cleanup {
  readonly rule: 'apt-cleanup' | 'yum-cleanup' | 'apk-no-cache';
  /** Cache directories; a cache mount on one of them (or below) keeps the layer clean too. */
  readonly caches: readonly string[];
  /** What is left behind. */
  readonly leaves: string;
  readonly advice: string;
  /** Whether a later command of the same RUN cleans up. */
  readonly cleans: (command: ShellCommand) => boolean;
}

const CLEANUPS: Readonly<Record<PackageCommand['manager'], Cleanup>> = {
  apt: {
    rule: 'apt-cleanup',
    caches: ['/var/lib/apt'],
    leaves: 'the apt package lists',
    advice: 'add `&& rm -rf /var/lib/apt/lists/*` (or `apt-get dist-clean`) to the same RUN',
    cleans: (command) => removes(command, ['/var/lib/apt/lists']) || distCleans(command),
  },
  yum: {
    rule: 'yum-cleanup',
    caches: ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'],
    leaves: 'its metadata and package cache',
    advice: 'add `&& dnf clean all` (or yum/microdnf) to the same RUN',
    cleans: (command) => cleansAll(command) || removes(command, ['/var/cache/yum', '/var/cache/dnf']),
  },
  apk: {
    rule: 'apk-no-cache',
    caches: ['/var/cache/apk', '/etc/apk/cache'],
    leaves: 'the apk index cache',
    advice: 'use `apk add --no-cache`',
    cleans: () => false,
  },
};

/** Installs whose package cache is left in the layer (one finding per manager and RUN). */
function leftovers(
  run: Instruction,
  commands: readonly ShellCommand[],
  packages: readonly PackageCommand[],
): RuleHit[] {
  const mounts = cacheMountTargets(run);
  const hits: RuleHit[] = [];
  for (const [manager, cleanup] of Object.entries(CLEANUPS)) {
    if (mounts.some((target) => cleanup.caches.some((cache) => target.startsWith(cache)))) continue;
    const dirty = packages.find(
      (p) =>
        p.manager === manager &&
        isInstall(p) &&
        !p.options.includes('--no-cache') &&
        !commands.slice(p.index + 1).some(cleanup.cleans),
    );
    if (dirty === undefined) continue;
    const { line, column } = dirty.call.nameWord;
    const what = `${dirty.call.name} ${dirty.action?.text ?? ''}`.trim();
    hits.push({
      rule: cleanup.rule,
      line,
      column,
      message: `${what} leaves ${cleanup.leaves} in the layer; ${cleanup.advice}`,
    });
  }
  return hits;
}

function removes(command: ShellCommand, directories: readonly string[]): boolean {
  const call = commandCall(command);
  if (call?.name !== 'rm') return false;
  return call.args.some((arg) => directories.some((dir) => arg.text.startsWith(dir)));
}

/** `apt-get dist-clean` (apt 2.7+, Debian trixie) removes the package lists too. */
function distCleans(command: ShellCommand): boolean {
  return packageCommands([command]).some((p) => p.manager === 'apt' && p.action?.text === 'dist-clean');
}

function cleansAll(command: ShellCommand): boolean {
  const packages = packageCommands([command]);
  return packages.some(
    (p) => p.manager === 'yum' && p.action?.text === 'clean' && p.packages.some((w) => w.text === 'all'),
  );
}
