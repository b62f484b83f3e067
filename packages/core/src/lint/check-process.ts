import type { Instruction } from 'dockerfile-ast';
import { argumentsStart, type DockerfileModel, keyword, position, type Stage } from './dockerfile-model.js';
import type { RuleHit } from './rules.js';
import { commandCall, isShell } from './shell.js';
import type { LintContext } from './types.js';
import { findContextScript, isShellScript, lastCommand, scriptOf, usesExec } from './wrapper-script.js';

const PROCESS = new Set(['CMD', 'ENTRYPOINT']);

/** `shell-form` and `wrapper-no-exec`: the main process must be PID 1 and get signals. */
export function checkProcess(model: DockerfileModel, context: LintContext | undefined): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.instructions.filter((i) => PROCESS.has(keyword(i)))) {
      if (instruction.getRawArgumentsContent() === null) continue;
      const name = keyword(instruction);
      const exec = model.execForm(instruction);
      if (exec === undefined) {
        const message = `${name} in shell form runs under /bin/sh, which does not forward signals; use the exec form ${name} ["...", "..."]`;
        hits.push({ rule: 'shell-form', ...position(instruction.getRange().start), message });
      } else if (shellWithoutExec(model, instruction, exec)) {
        const message = `${name} ["${exec[0]}", "-c", ...] keeps the shell as PID 1, which does not forward signals; run the program in exec form, or start the script's last command with exec`;
        hits.push({ rule: 'shell-form', ...position(instruction.getRange().start), message });
      }
      if (context && model.shipped.has(stage)) {
        const hit = checkWrapper(model, stage, instruction, context);
        if (hit) hits.push(hit);
      }
    }
  }
  return hits;
}

/** `["/bin/sh", "-c", "script"]` whose script never `exec`s the main process. */
function shellWithoutExec(model: DockerfileModel, instruction: Instruction, exec: readonly string[]): boolean {
  if (!isShell(exec[0] ?? '') || !exec.includes('-c')) return false;
  return !model.commands(instruction).some((command) => command.words[0]?.text === 'exec');
}

function processWords(model: DockerfileModel, instruction: Instruction): readonly string[] {
  const exec = model.execForm(instruction);
  if (exec !== undefined) return exec;
  const first = model.commands(instruction)[0];
  const call = first && commandCall(first);
  return call ? [call.nameWord.text, ...call.args.map((w) => w.text)] : [];
}

function checkWrapper(
  model: DockerfileModel,
  stage: Stage,
  instruction: Instruction,
  context: LintContext,
): RuleHit | undefined {
  const script = scriptOf(processWords(model, instruction));
  if (script === undefined) return undefined;
  const path = findContextScript(model, stage, instruction, script, (p) => context.hasFile(p));
  const text = path === undefined ? undefined : context.readFile(path);
  if (path === undefined || text === undefined || !isShellScript(path, text)) return undefined;
  const last = lastCommand(text);
  if (last === undefined || usesExec(last.text)) return undefined;
  const message =
    `${keyword(instruction)} runs ${path}, whose last command (line ${last.line}) does not start with exec; ` +
    'end it with exec so the main process is PID 1 and gets signals';
  return { rule: 'wrapper-no-exec', ...argumentsStart(instruction), message };
}
