import type { Instruction } from 'dockerfile-ast';
import { cacheMountTargets, type DockerfileModel, keyword } from './dockerfile-model.js';
import type { RuleHit } from './rules.js';
import { type CommandCall, commandCall, type ShellWord } from './shell.js';

/** A `pip install` (or `python -m pip install`) in a RUN. */
interface PipInstall {
  readonly call: CommandCall;
  readonly options: readonly string[];
  readonly requirements: readonly ShellWord[];
}

const PIP = /^pip(\d+(\.\d+)?)?$/;
const PYTHON = /^python(\d+(\.\d+)?)?$/;
/** pip install options whose value is the next word. */
const VALUED = new Set([
  ...['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url'],
  ...['-f', '--find-links', '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--abi'],
  ...['--implementation', '--src', '--upgrade-strategy', '--progress-bar', '--cache-dir', '--trusted-host'],
  ...['--proxy', '--retries', '--timeout', '--log', '-C', '--config-settings', '--global-option', '--report'],
  ...['--no-binary', '--only-binary', '--root-user-action'],
]);

function pipInstall(call: CommandCall): PipInstall | undefined {
  const args = call.args.map((w) => w.text);
  let rest = call.args;
  if (PYTHON.test(call.name) && args[0] === '-m' && args[1] === 'pip') rest = call.args.slice(2);
  else if (!PIP.test(call.name)) return undefined;
  const install = rest.findIndex((w) => !w.text.startsWith('-'));
  if (rest[install]?.text !== 'install') return undefined;
  const options = rest.slice(0, install).map((w) => w.text);
  const requirements: ShellWord[] = [];
  const words = rest.slice(install + 1);
  for (let k = 0; k < words.length; k++) {
    const word = words[k];
    if (word === undefined) continue;
    if (!word.text.startsWith('-')) requirements.push(word);
    else {
      options.push(word.text.replace(/=.*$/, ''));
      if (VALUED.has(word.text)) k++;
    }
  }
  return { call, options, requirements };
}

/** Whether a requirement names a version, a URL or a local file rather than just a project. */
export function isPinnedRequirement(text: string): boolean {
  if (text.includes('$') || /[=<>~!]=?|@/.test(text)) return true;
  return /^[./~]/.test(text) || text.includes('/') || /\.(whl|tar\.gz|zip|tar\.bz2)$/i.test(text);
}

/** `pip-no-cache-dir` and `pip-unpinned`, in every stage. */
export function checkPip(model: DockerfileModel): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const run of model.instructions.filter((i) => keyword(i) === 'RUN')) {
    for (const command of model.commands(run)) {
      const call = commandCall(command);
      const pip = call && pipInstall(call);
      if (pip === undefined) continue;
      const { line, column } = pip.call.nameWord;
      if (!keepsNoCache(model, run, pip)) {
        const message = `${pip.call.name} install keeps its download cache in the layer; add --no-cache-dir`;
        hits.push({ rule: 'pip-no-cache-dir', line, column, message });
      }
      const local = pip.options.includes('--no-index') && pip.options.some((o) => o === '-f' || o === '--find-links');
      const unpinned = local ? [] : pip.requirements.filter((w) => !isPinnedRequirement(w.text));
      const first = unpinned[0];
      if (first === undefined) continue;
      const names = unpinned.map((w) => w.text).join(', ');
      const message = `pip installs ${names} without a version, so every build may get another one; pin it (name==1.2.3) or use -r requirements.txt`;
      hits.push({ rule: 'pip-unpinned', line: first.line, column: first.column, message });
    }
  }
  return hits;
}

function keepsNoCache(model: DockerfileModel, run: Instruction, pip: PipInstall): boolean {
  if (pip.options.includes('--no-cache-dir')) return true;
  const env = model.stateOf(run).scope.get('PIP_NO_CACHE_DIR');
  if (env !== undefined && env !== '') return true;
  return cacheMountTargets(run).some((target) => /\/\.cache(\/pip)?\/?$/.test(target));
}
