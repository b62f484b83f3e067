import { type CommandCall, commandCall, type ShellCommand, type ShellWord } from './shell.js';

export type PackageManager = 'apt' | 'yum' | 'apk';

/** A package-manager invocation in a RUN: `apt-get install -y --no-install-recommends curl`. */
export interface PackageCommand {
  readonly manager: PackageManager;
  readonly call: CommandCall;
  /** The subcommand (`install`, `upgrade`, `add`, `clean`, ...), if any. */
  readonly action: ShellWord | undefined;
  /** Option words, with the values of options that take one. */
  readonly options: readonly string[];
  /** The remaining operands: packages for install commands. */
  readonly packages: readonly ShellWord[];
  /** Index of the command among the RUN's commands. */
  readonly index: number;
}

interface ManagerSyntax {
  readonly manager: PackageManager;
  /** Options whose value is the next word. */
  readonly valued: ReadonlySet<string>;
}

const APT: ManagerSyntax = {
  manager: 'apt',
  valued: new Set(['-o', '--option', '-t', '--target-release', '--default-release', '-c', '--config-file']),
};
const YUM: ManagerSyntax = {
  manager: 'yum',
  valued: new Set(['-c', '--config', '--installroot', '--releasever', '-x', '--exclude', '--repo', '--setopt']),
};
const APK: ManagerSyntax = {
  manager: 'apk',
  valued: new Set(['-X', '--repository', '-t', '--virtual', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']),
};
const MANAGERS: ReadonlyMap<string, ManagerSyntax> = new Map([
  ['apt-get', APT],
  ['apt', APT],
  ['yum', YUM],
  ['dnf', YUM],
  ['dnf5', YUM],
  ['microdnf', YUM],
  ['tdnf', YUM],
  ['apk', APK],
]);

/** The package-manager commands among a RUN's commands. */
export function packageCommands(commands: readonly ShellCommand[]): PackageCommand[] {
  const found: PackageCommand[] = [];
  commands.forEach((command, index) => {
    const call = commandCall(command);
    const syntax = call && MANAGERS.get(call.name);
    if (call && syntax) found.push(parseCall(call, syntax, index));
  });
  return found;
}

function parseCall(call: CommandCall, syntax: ManagerSyntax, index: number): PackageCommand {
  const options: string[] = [];
  const operands: ShellWord[] = [];
  for (let k = 0; k < call.args.length; k++) {
    const word = call.args[k];
    if (word === undefined) continue;
    if (!word.text.startsWith('-') || word.text === '-') {
      operands.push(word);
      continue;
    }
    options.push(word.text);
    const value = call.args[k + 1];
    if (syntax.valued.has(word.text) && value !== undefined) {
      options.push(value.text);
      k++;
    }
  }
  const [action, ...packages] = operands;
  return { manager: syntax.manager, call, action, options, packages, index };
}

/** The package name without a version or release pin: `curl=8.5.0-2` → `curl`. */
export function packageName(word: string): string {
  return word.split(/[=<>~/]/)[0] ?? word;
}

const INSTALL_ACTIONS: Readonly<Record<PackageManager, ReadonlySet<string>>> = {
  apt: new Set(['install']),
  yum: new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade']),
  apk: new Set(['add']),
};

/** Whether the command installs packages (and so leaves a package cache behind). */
export function isInstall(command: PackageCommand): boolean {
  return command.action !== undefined && INSTALL_ACTIONS[command.manager].has(command.action.text);
}
