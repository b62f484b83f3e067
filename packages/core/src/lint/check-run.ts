import type { Instruction } from 'dockerfile-ast';
import { chainInstructions, type DockerfileModel, keyword, type Stage } from './dockerfile-model.js';
import type { RuleHit } from './rules.js';
import { baseName, commandCall, isShell, type ShellCommand } from './shell.js';

/** Commands that cannot fail in a way the pipe would hide: `echo "<sum>  file" | sha256sum -c -`. */
const SAFE_PRODUCERS = new Set(['echo', 'printf']);

/** `pipefail`: a pipe in RUN whose failure would go unnoticed, in every stage. */
export function checkPipefail(model: DockerfileModel): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const stage of model.stages) {
    for (const run of stage.instructions.filter((i) => keyword(i) === 'RUN')) {
      const shell = effectiveShell(model, stage, run);
      if (shell !== undefined && (!isShell(shell[0] ?? '') || setsPipefail(shell))) continue;
      const exec = model.execForm(run);
      if (exec !== undefined && setsPipefail(exec)) continue;
      const hit = unsafePipe(model.commands(run));
      if (hit) hits.push(hit);
    }
  }
  return hits;
}

/** The SHELL a RUN uses (from its stage or a stage it is built FROM); undefined for the default `/bin/sh -c`. */
function effectiveShell(model: DockerfileModel, stage: Stage, run: Instruction): readonly string[] | undefined {
  const before = chainInstructions(stage).slice(0, chainInstructions(stage).indexOf(run));
  const shell = before.findLast((i) => keyword(i) === 'SHELL');
  return shell === undefined ? undefined : model.execForm(shell);
}

/** `-o pipefail`, `-eo pipefail`, `-euxo pipefail` among a shell's (or `set`'s) arguments. */
function setsPipefail(words: readonly string[]): boolean {
  return words.some((w, k) => w === 'pipefail' && /^-[a-z]*o$/.test(words[k - 1] ?? ''));
}

function unsafePipe(commands: readonly ShellCommand[]): RuleHit | undefined {
  let pipefail = false;
  for (const [k, command] of commands.entries()) {
    const call = commandCall(command);
    if (call?.name === 'set' && setsPipefail(call.args.map((w) => w.text))) pipefail = true;
    const producer = commands[k - 1];
    const producerCall = producer && commandCall(producer);
    if (pipefail || !command.piped || call === undefined) continue;
    if (producerCall && SAFE_PRODUCERS.has(baseName(producerCall.name))) continue;
    const message =
      `${producerCall?.name ?? 'a command'} | ${call.name}: the RUN only fails when ${call.name} does; ` +
      'add `set -o pipefail &&` (or SHELL ["/bin/bash", "-o", "pipefail", "-c"])';
    return { rule: 'pipefail', line: call.nameWord.line, column: call.nameWord.column, message };
  }
  return undefined;
}
