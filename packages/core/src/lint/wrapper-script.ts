import type { Instruction } from 'dockerfile-ast';
import {
  chainInstructions,
  type DockerfileModel,
  flagValue,
  instructionWords,
  keyword,
  type Stage,
} from './dockerfile-model.js';
import { contextPath, dirName, fileName, hasGlob, isAbsolute, joinPath, matchesGlob, normalizePath } from './paths.js';
import { baseName, isShell } from './shell.js';

/** A COPY/ADD from the build context, with its destination made absolute. */
interface ContextCopy {
  readonly sources: readonly string[];
  readonly destination: string;
  /** Whether the destination is a directory that the sources land in. */
  readonly intoDirectory: boolean;
}

const INITS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 'gosu', 'su-exec']);

/** The script a CMD/ENTRYPOINT starts, from its words (`["/entrypoint.sh", "app"]`). */
export function scriptOf(words: readonly string[]): string | undefined {
  let k = 0;
  while (k < words.length && (INITS.has(baseName(words[k] ?? '')) || words[k]?.startsWith('-'))) k++;
  const first = words[k];
  if (first === undefined || !isShell(first)) return first;
  const rest = words.slice(k + 1);
  if (rest.includes('-c')) return undefined;
  return rest.find((w) => !w.startsWith('-'));
}

function contextCopies(model: DockerfileModel, stage: Stage, line: number): ContextCopy[] {
  const copies: ContextCopy[] = [];
  for (const instruction of chainInstructions(stage)) {
    if (instruction.getRange().start.line >= line) break;
    if (!['COPY', 'ADD'].includes(keyword(instruction)) || flagValue(instruction, 'from') !== undefined) continue;
    const words = instructionWords(model, instruction).map((w) => w.text);
    const target = words.pop();
    if (target === undefined || words.length === 0) continue;
    const destination = joinPath(model.stateOf(instruction).workdir, target);
    const intoDirectory = target.endsWith('/') || words.length > 1 || words.some(hasGlob);
    copies.push({ sources: words, destination, intoDirectory });
  }
  return copies;
}

/** Where in the build context a file at `imagePath` came from, most recent COPY first. */
function contextCandidates(copies: readonly ContextCopy[], imagePath: string): string[] {
  const candidates: string[] = [];
  for (const copy of [...copies].reverse()) {
    for (const source of copy.sources) {
      const from = contextPath(source);
      if (hasGlob(source)) {
        const matches = dirName(imagePath) === copy.destination && matchesGlob(fileName(source), fileName(imagePath));
        if (matches) candidates.push(joinPath(dirName(from), fileName(imagePath)));
      } else if (imagePath === copy.destination) {
        candidates.push(from);
      } else if (imagePath.startsWith(`${copy.destination}/`)) {
        const rest = imagePath.slice(copy.destination.length + 1);
        candidates.push(joinPath(from, rest));
        if (rest === fileName(from)) candidates.push(from);
      }
    }
  }
  return candidates.map(contextPath);
}

/** Image paths a script word may mean: relative to WORKDIR, or any COPY destination for a bare name. */
function imagePaths(script: string, workdir: string, copies: readonly ContextCopy[]): string[] {
  if (isAbsolute(script)) return [normalizePath(script)];
  if (script.includes('/')) return [joinPath(workdir, script)];
  const onPath = copies.flatMap((c) => (c.intoDirectory ? [`${c.destination}/${script}`] : [c.destination]));
  return [joinPath(workdir, script), ...onPath.filter((p) => fileName(p) === script)];
}

/** The build-context path of the script an instruction runs, if the context has it. */
export function findContextScript(
  model: DockerfileModel,
  stage: Stage,
  instruction: Instruction,
  script: string,
  hasFile: (path: string) => boolean,
): string | undefined {
  const line = instruction.getRange().start.line;
  const copies = contextCopies(model, stage, line);
  const workdir = model.stateOf(instruction).workdir;
  for (const imagePath of imagePaths(script, workdir, copies)) {
    const found = contextCandidates(copies, imagePath).find((c) => c !== '.' && hasFile(c));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether the file is a shell script: a shell shebang, or no shebang and a `.sh` name. */
export function isShellScript(path: string, text: string): boolean {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  if (!first.startsWith('#!')) return path.endsWith('.sh');
  const [interpreter = '', argument = ''] = first.slice(2).trim().split(/\s+/);
  return isShell(baseName(interpreter) === 'env' ? argument : interpreter);
}

/** The last command line of a shell script (continuation lines joined), 1-based. */
export function lastCommand(text: string): { line: number; text: string } | undefined {
  let last: { line: number; text: string } | undefined;
  let pending: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (pending === undefined && (line === '' || line.startsWith('#'))) return;
    const joined = pending ? `${pending.text} ${line}` : line;
    const start = pending?.line ?? index + 1;
    pending = line.endsWith('\\') ? { line: start, text: joined.slice(0, -1).trim() } : undefined;
    if (pending === undefined) last = { line: start, text: joined };
  });
  return pending ?? last;
}

/** Whether a command line hands the process over with `exec`. */
export function usesExec(command: string): boolean {
  return /^exec(\s|$)/.test(command);
}
