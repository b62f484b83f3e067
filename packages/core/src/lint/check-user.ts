import type { Instruction } from 'dockerfile-ast';
import {
  argumentsStart,
  chainInstructions,
  type DockerfileModel,
  keyword,
  position,
  type Stage,
} from './dockerfile-model.js';
import type { RuleHit } from './rules.js';
import { expand } from './scope.js';

/** The user the final image runs as, as far as the Dockerfile tells. */
interface FinalUser {
  readonly instruction: Instruction;
  /** `user[:group]` with variables expanded; undefined when it depends on an unknown value. */
  readonly value: string | undefined;
}

/** `user-missing`, `user-root`, `user-non-numeric` and `expose-privileged-port`, for the final stage only. */
export function checkUser(model: DockerfileModel): RuleHit[] {
  const final = model.final;
  if (final === undefined) return [];
  const user = finalUser(model, final);
  if (user === undefined) {
    const at = position(final.from.getRange().start);
    const message = 'the final stage never sets USER, so the image runs as root; add a numeric non-root USER';
    return [{ rule: 'user-missing', ...at, message }];
  }
  if (user.value === undefined) return [];
  const at = argumentsStart(user.instruction);
  const [name = '', group] = user.value.split(':');
  if (name === 'root' || name === '0') {
    return [{ rule: 'user-root', ...at, message: `the final stage runs as ${user.value}; end with a non-root USER` }];
  }
  const hits = exposedPrivilegedPorts(model, final, user.value);
  if (!isNumeric(name) || (group !== undefined && !isNumeric(group))) {
    const message = `USER ${user.value} is not numeric; use a numeric uid (e.g. USER 10001) for arbitrary-UID platforms`;
    hits.push({ rule: 'user-non-numeric', ...at, message });
  }
  return hits;
}

function finalUser(model: DockerfileModel, final: Stage): FinalUser | undefined {
  const instruction = chainInstructions(final).findLast((i) => keyword(i) === 'USER');
  if (instruction === undefined) return undefined;
  const raw = instruction.getArgumentsContent() ?? '';
  return { instruction, value: expand(raw.trim(), model.stateOf(instruction).scope) };
}

function isNumeric(id: string): boolean {
  return /^\d+$/.test(id);
}

const PORT = /^(\d+)(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/i;

function exposedPrivilegedPorts(model: DockerfileModel, final: Stage, user: string): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const expose of chainInstructions(final).filter((i) => keyword(i) === 'EXPOSE')) {
    const scope = model.stateOf(expose).scope;
    for (const argument of expose.getArguments()) {
      const port = PORT.exec(expand(argument.getValue(), scope) ?? '')?.[1];
      if (port === undefined || Number(port) >= 1024 || Number(port) === 0) continue;
      const message = `EXPOSE ${argument.getValue()} is a privileged port but the image runs as ${user}; listen on a port >= 1024`;
      hits.push({ rule: 'expose-privileged-port', ...position(argument.getRange().start), message });
    }
  }
  return hits;
}
