import type { Instruction } from 'dockerfile-ast';
import { type DockerfileModel, flagValue, instructionWords, keyword, position } from './dockerfile-model.js';
import { contextPath, fileName } from './paths.js';
import type { RuleHit } from './rules.js';
import { expand } from './scope.js';
import type { ShellWord } from './shell.js';
import type { LintContext } from './types.js';

const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|tar\.lzma)$/i;

/** `add-remote-url` and `add-instead-of-copy`. */
export function checkAdd(model: DockerfileModel): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const stage of model.stages) {
    for (const add of stage.instructions.filter((i) => keyword(i) === 'ADD')) {
      const hit = checkOne(model, add);
      if (hit) hits.push(hit);
    }
  }
  return hits;
}

function checkOne(model: DockerfileModel, add: Instruction): RuleHit | undefined {
  const sources = instructionWords(model, add).slice(0, -1);
  if (sources.length === 0 || sources.some((s) => s.text.startsWith('<<'))) return undefined;
  const scope = model.stateOf(add).scope;
  const resolved = sources.map((s) => expand(s.text, scope));
  const remote = sources.find((s, k) => REMOTE.test(resolved[k] ?? s.text));
  if (remote) {
    const message = `ADD ${remote.text} downloads at build time without verification; download and verify in a RUN, or vendor the file`;
    return { rule: 'add-remote-url', ...at(remote), message };
  }
  if (resolved.some((r) => r === undefined || ARCHIVE.test(r))) return undefined;
  const message = 'ADD of local files has implicit behaviour (unpacking, downloading); use COPY';
  return { rule: 'add-instead-of-copy', ...position(add.getRange().start), message };
}

function at(word: ShellWord): { line: number; column: number } {
  return { line: word.line, column: word.column };
}

/** `missing-dockerignore`: a COPY/ADD of the whole context needs a .dockerignore. */
export function checkDockerignore(model: DockerfileModel, file: string, context: LintContext): RuleHit[] {
  if (context.hasFile('.dockerignore') || context.hasFile(`${fileName(file)}.dockerignore`)) return [];
  for (const instruction of model.instructions) {
    if (!['COPY', 'ADD'].includes(keyword(instruction)) || flagValue(instruction, 'from') !== undefined) continue;
    const sources = instructionWords(model, instruction).slice(0, -1);
    const whole = sources.find((s) => contextPath(s.text) === '.');
    if (whole === undefined) continue;
    const message = `${keyword(instruction)} ${whole.text} copies the whole build context but there is no .dockerignore; add one`;
    return [{ rule: 'missing-dockerignore', ...at(whole), message }];
  }
  return [];
}
