import type { Instruction } from 'dockerfile-ast';
import { Label } from 'dockerfile-ast';
import { argumentsStart, type DockerfileModel, keyword, position, type Stage, stageChain } from './dockerfile-model.js';
import { isAbsolute } from './paths.js';
import type { RuleHit } from './rules.js';
import { expand } from './scope.js';
import { commandCall } from './shell.js';

/** `missing-label`: the final stage (with the stages it is built FROM) sets every required label. */
export function checkLabels(model: DockerfileModel, required: readonly string[]): RuleHit[] {
  const final = model.final;
  if (final === undefined || required.length === 0) return [];
  const set = new Set<string>();
  for (const stage of stageChain(final)) {
    for (const label of stage.instructions.filter((i) => i instanceof Label)) {
      const scope = model.stateOf(label).scope;
      for (const property of label.getProperties()) {
        const key = expand(property.getName(), scope) ?? property.getName();
        const value = property.getValue();
        if (value === null || value.trim() === '') set.delete(key);
        else set.add(key);
      }
    }
  }
  const missing = required.filter((key) => !set.has(key));
  if (missing.length === 0) return [];
  const message = `the final stage does not set the required label${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
  return [{ rule: 'missing-label', ...position(final.from.getRange().start), message }];
}

/** `deprecated-maintainer`, `workdir-relative`, `run-cd` and `consecutive-run`. */
export function checkHygiene(model: DockerfileModel, maxConsecutiveRuns: number): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      const kind = keyword(instruction);
      if (kind === 'MAINTAINER') {
        const message = 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors="..."';
        hits.push({ rule: 'deprecated-maintainer', ...position(instruction.getRange().start), message });
      } else if (kind === 'WORKDIR') {
        hits.push(...relativeWorkdir(model, instruction));
      } else if (kind === 'RUN') {
        hits.push(...cdInRun(model, instruction));
      }
    }
    if (model.shipped.has(stage)) hits.push(...consecutiveRuns(stage, maxConsecutiveRuns));
  }
  return hits;
}

function relativeWorkdir(model: DockerfileModel, workdir: Instruction): RuleHit[] {
  const raw = (workdir.getArgumentsContent() ?? '').trim();
  const path = expand(raw, model.stateOf(workdir).scope);
  if (raw === '' || path === undefined || isAbsolute(path)) return [];
  const message = `WORKDIR ${raw} is relative to the base image's WORKDIR; use an absolute path`;
  return [{ rule: 'workdir-relative', ...argumentsStart(workdir), message }];
}

function cdInRun(model: DockerfileModel, run: Instruction): RuleHit[] {
  const cd = model
    .commands(run)
    .map(commandCall)
    .find((c) => c?.name === 'cd');
  if (cd === undefined) return [];
  const message = 'cd in RUN does not carry over to later instructions; use WORKDIR';
  return [{ rule: 'run-cd', line: cd.nameWord.line, column: cd.nameWord.column, message }];
}

function consecutiveRuns(stage: Stage, max: number): RuleHit[] {
  const hits: RuleHit[] = [];
  let group: Instruction[] = [];
  const flush = () => {
    const first = group[0];
    const last = group.at(-1);
    if (first && last && group.length > max) {
      const lines = `lines ${first.getRange().start.line + 1}-${last.getRange().start.line + 1}`;
      const message = `${group.length} consecutive RUN instructions (${lines}) could be one; chain them with &&`;
      hits.push({ rule: 'consecutive-run', ...position(first.getRange().start), message });
    }
    group = [];
  };
  for (const instruction of stage.instructions) {
    if (keyword(instruction) === 'RUN') group.push(instruction);
    else flush();
  }
  flush();
  return hits;
}
