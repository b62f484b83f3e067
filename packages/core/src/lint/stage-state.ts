import type { Instruction } from 'dockerfile-ast';
import { Arg, Env } from 'dockerfile-ast';
import { joinPath } from './paths.js';
import { expand, type Scope } from './scope.js';

/** What an instruction sees when it runs. */
export interface InstructionState {
  /** Build variables: the stage's own ARGs, overridden by ENV (which FROM <stage> inherits). */
  readonly scope: Scope;
  /** The working directory, `/` until a WORKDIR sets one. */
  readonly workdir: string;
}

/**
 * The name and value an ARG declares: its default expanded in `scope`, or for an ARG without
 * default the value of the ARG of the same name declared before the first FROM (`outer`).
 */
export function argDeclaration(arg: Arg, outer: Scope, scope: Scope): [string, string | null] | undefined {
  const property = arg.getProperty();
  if (!property) return undefined;
  const name = property.getName();
  const value = property.getValue();
  return [name, value === null ? (outer.get(name) ?? null) : (expand(value, scope) ?? null)];
}

/** ARGs declared by the instructions, each default expanded with the ARGs before it. */
export function argScope(instructions: readonly Instruction[], outer: Scope): Map<string, string | null> {
  const scope = new Map<string, string | null>();
  for (const instruction of instructions) {
    const declared = instruction instanceof Arg ? argDeclaration(instruction, outer, scope) : undefined;
    if (declared) scope.set(...declared);
  }
  return scope;
}

/**
 * What the states are computed from of a build stage (dockerfile-model.ts's Stage, named here so
 * that this module does not import the model that imports it).
 */
export interface StageInstructions {
  readonly instructions: readonly Instruction[];
  /** The earlier stage this one is built FROM, if any. */
  readonly parent: StageInstructions | undefined;
}

/** The state before every instruction of every stage, in one pass (stages inherit from their parent stage). */
export function instructionStates(
  stages: readonly StageInstructions[],
  globalArgs: Scope,
): Map<Instruction, InstructionState> {
  const states = new Map<Instruction, InstructionState>();
  const ends = new Map<StageInstructions, { env: ReadonlyMap<string, string | null>; workdir: string }>();
  for (const stage of stages) {
    const inherited = stage.parent && ends.get(stage.parent);
    const env = new Map(inherited?.env ?? []);
    const args = new Map<string, string | null>();
    let workdir = inherited?.workdir ?? '/';
    for (const instruction of stage.instructions) {
      const scope: Scope = new Map([...args, ...env]);
      states.set(instruction, { scope, workdir });
      if (instruction instanceof Env) {
        for (const p of instruction.getProperties()) env.set(p.getName(), expand(p.getValue() ?? '', scope) ?? null);
      } else if (instruction instanceof Arg) {
        const declared = argDeclaration(instruction, globalArgs, scope);
        if (declared) args.set(...declared);
      } else if (instruction.getKeyword().toUpperCase() === 'WORKDIR') {
        const path = expand((instruction.getArgumentsContent() ?? '').trim(), scope);
        if (path !== undefined && path !== '') workdir = joinPath(workdir, path);
      }
    }
    ends.set(stage, { env, workdir });
  }
  return states;
}
