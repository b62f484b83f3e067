import type { Flag, Instruction } from 'dockerfile-ast';
import { Arg, DockerfileParser, From, ModifiableInstruction } from 'dockerfile-ast';
import { expand, type Scope } from './scope.js';
import { isShell, joinContinuations, parseShell, type ShellCommand, type ShellWord } from './shell.js';
import { argScope, type InstructionState, instructionStates } from './stage-state.js';

/** One build stage: a FROM and the instructions up to the next FROM. */
export interface Stage {
  readonly index: number;
  readonly from: From;
  /** The image reference with build args expanded; undefined when it depends on an unknown value. */
  readonly image: string | undefined;
  /** The `AS` name, lower-cased like Docker compares it. */
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
  /** The earlier stage this one is built FROM, if any. */
  readonly parent: Stage | undefined;
}

/** The parsed Dockerfile in the shape the checks need. */
export interface DockerfileModel {
  readonly instructions: readonly Instruction[];
  /** Comment lines, parser directives included, with their text after `#`; `line` is 1-based. */
  readonly comments: readonly { readonly line: number; readonly content: string }[];
  /** ARGs declared before the first FROM: the only ones FROM may use. */
  readonly globalArgs: Scope;
  readonly stages: readonly Stage[];
  readonly final: Stage | undefined;
  /** Stages whose layers end up in the image: the final stage and the stages it is built FROM. */
  readonly shipped: ReadonlySet<Stage>;
  /** The simple commands of a RUN, CMD or ENTRYPOINT (shell or exec form). */
  commands(instruction: Instruction): readonly ShellCommand[];
  /** The JSON array of an exec-form instruction, or undefined for the shell form. */
  execForm(instruction: Instruction): readonly string[] | undefined;
  /** The variables and working directory an instruction sees. */
  stateOf(instruction: Instruction): InstructionState;
  /** The stage an instruction belongs to; undefined for the ARGs before the first FROM. */
  stageOf(instruction: Instruction): Stage | undefined;
}

export function buildModel(text: string): DockerfileModel {
  const dockerfile = DockerfileParser.parse(text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const instructions = dockerfile.getInstructions();
  const firstFrom = instructions.findIndex((i) => i instanceof From);
  const globalArgs = argScope(firstFrom < 0 ? instructions : instructions.slice(0, firstFrom), new Map());
  const stages = splitStages(instructions, globalArgs);
  const final = stages.at(-1);
  const cache = new Map<Instruction, readonly ShellCommand[]>();
  const execForm = (instruction: Instruction) => parseExecForm(instruction, escapeChar);
  const commands = (instruction: Instruction): readonly ShellCommand[] => {
    const cached = cache.get(instruction) ?? shellCommands(instruction, execForm(instruction), escapeChar);
    cache.set(instruction, cached);
    return cached;
  };
  const shipped = new Set(final ? stageChain(final) : []);
  const states = instructionStates(stages, globalArgs);
  const stateOf = (instruction: Instruction) => states.get(instruction) ?? { scope: globalArgs, workdir: '/' };
  const owners = new Map(stages.flatMap((s) => [s.from, ...s.instructions].map((i) => [i, s] as const)));
  const stageOf = (instruction: Instruction) => owners.get(instruction);
  const comments = [...dockerfile.getDirectives(), ...dockerfile.getComments()].map((c) => ({
    line: c.getRange().start.line + 1,
    content: c.getTextContent().trim().replace(/^#/, '').trim(),
  }));
  return { instructions, comments, globalArgs, stages, final, shipped, commands, execForm, stateOf, stageOf };
}

function splitStages(instructions: readonly Instruction[], globalArgs: Scope): Stage[] {
  const stages: Stage[] = [];
  let current: { from: From; instructions: Instruction[] } | undefined;
  const close = () => {
    if (current) stages.push(makeStage(current.from, current.instructions, stages, instructions, globalArgs));
  };
  for (const instruction of instructions) {
    if (instruction instanceof From) {
      close();
      current = { from: instruction, instructions: [] };
    } else current?.instructions.push(instruction);
  }
  close();
  return stages;
}

function makeStage(
  from: From,
  body: Instruction[],
  earlier: readonly Stage[],
  all: readonly Instruction[],
  globalArgs: Scope,
): Stage {
  const raw = from.getImage();
  const image = raw === null ? undefined : expand(raw, fromScope(from, all, globalArgs));
  const lower = image?.toLowerCase();
  const parent = lower === undefined ? undefined : earlier.findLast((s) => s.name === lower);
  const name = from.getBuildStage()?.toLowerCase() ?? undefined;
  return { index: earlier.length, from, image, name, instructions: body, parent };
}

/**
 * Variables a FROM can use. Docker only allows ARGs declared before the first FROM; an ARG
 * declared in an earlier stage is used as a fallback so its default still gets checked.
 */
function fromScope(from: From, all: readonly Instruction[], globalArgs: Scope): Scope {
  const before = all.filter((i) => i instanceof Arg && i.getRange().start.line < from.getRange().start.line);
  return new Map([...argScope(before, new Map()), ...globalArgs]);
}

/** The stage with the stages it is built FROM, oldest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s !== undefined && !chain.includes(s); s = s.parent) chain.unshift(s);
  return chain;
}

/** Instructions of a stage and the stages it is built FROM, in build order. */
export function chainInstructions(stage: Stage): Instruction[] {
  return stageChain(stage).flatMap((s) => [...s.instructions]);
}

/** 1-based position of a dockerfile-ast (0-based) position. */
export function position(at: { line: number; character: number }): { line: number; column: number } {
  return { line: at.line + 1, column: at.character + 1 };
}

/** Where an instruction's arguments start (its keyword when it has none), 1-based. */
export function argumentsStart(instruction: Instruction): { line: number; column: number } {
  return position((instruction.getArgumentsRange() ?? instruction.getInstructionRange()).start);
}

function parseExecForm(instruction: Instruction, escapeChar: string): readonly string[] | undefined {
  const raw = instruction.getRawArgumentsContent();
  if (raw === null || !raw.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(joinContinuations(raw, escapeChar));
    if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string')) return parsed;
  } catch {
    // Not JSON: Docker runs it in shell form.
  }
  return undefined;
}

function shellCommands(
  instruction: Instruction,
  exec: readonly string[] | undefined,
  escapeChar: string,
): ShellCommand[] {
  const start = argumentsStart(instruction);
  if (exec === undefined) {
    const raw = instruction.getRawArgumentsContent();
    return raw === null ? [] : parseShell(raw, start.line, start.column, escapeChar);
  }
  const script = exec.indexOf('-c');
  const program = exec[0];
  if (program !== undefined && isShell(program) && script > 0 && exec[script + 1] !== undefined) {
    return parseShell(exec[script + 1] ?? '', start.line, start.column);
  }
  return exec.length > 0 ? [{ words: exec.map((text) => ({ text, ...start })), piped: false }] : [];
}

/** The source words of a COPY/ADD (or any instruction), flags excluded, with positions. */
export function instructionWords(model: DockerfileModel, instruction: Instruction): ShellWord[] {
  const exec = model.execForm(instruction);
  if (exec !== undefined) {
    const start = argumentsStart(instruction);
    return exec.map((text) => ({ text, ...start }));
  }
  return instruction.getArguments().map((a) => ({ text: a.getValue(), ...position(a.getRange().start) }));
}

/** The flags of an instruction (`--from`, `--mount`, ...), empty for instructions without flags. */
export function flagsOf(instruction: Instruction): Flag[] {
  return instruction instanceof ModifiableInstruction ? instruction.getFlags() : [];
}

export function flagValue(instruction: Instruction, name: string): string | undefined {
  return (
    flagsOf(instruction)
      .find((f) => f.getName() === name)
      ?.getValue() ?? undefined
  );
}

/** Targets of the `--mount=type=cache` flags of a RUN. */
export function cacheMountTargets(instruction: Instruction): string[] {
  const targets: string[] = [];
  for (const flag of flagsOf(instruction)) {
    if (flag.getName() !== 'mount') continue;
    const options = new Map<string, string>();
    for (const option of (flag.getValue() ?? '').split(',')) {
      const eq = option.indexOf('=');
      if (eq > 0) options.set(option.slice(0, eq), option.slice(eq + 1));
    }
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination');
    if (options.get('type') === 'cache' && target) targets.push(target);
  }
  return targets;
}

export function keyword(instruction: Instruction): string {
  return instruction.getKeyword().toUpperCase();
}
