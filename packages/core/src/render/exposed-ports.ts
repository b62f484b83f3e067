import { buildModel, chainInstructions, keyword } from '../lint/dockerfile-model.js';
import { expand } from '../lint/scope.js';

const PORT = /^(\d+)(?:\/(tcp|udp|sctp))?$/i;

/** What a node's rendered Dockerfile tells its labels (see nodeLabels). */
export interface RenderedFacts {
  /** The ports it EXPOSEs (exposedPorts). */
  readonly ports: readonly string[];
  /** It carries the S2I contract (an `io.openshift.s2i.scripts-url` label): an S2I builder image. */
  readonly builder: boolean;
}

export function renderedFacts(dockerfile: string): RenderedFacts {
  return { ports: exposedPorts(dockerfile), builder: /\bio\.openshift\.s2i\.scripts-url=/.test(dockerfile) };
}

/**
 * The ports a rendered Dockerfile's final stage EXPOSEs (its own instructions and those of the
 * stages it is built FROM), as `5000` or `53/udp`, in order, without duplicates. A port that
 * depends on an unknown value, or a range, is left out: a label must not guess.
 */
export function exposedPorts(dockerfile: string): string[] {
  if (!/^\s*expose\s/im.test(dockerfile)) return [];
  const model = buildModel(dockerfile);
  if (model.final === undefined) return [];
  const ports: string[] = [];
  for (const expose of chainInstructions(model.final).filter((i) => keyword(i) === 'EXPOSE')) {
    const scope = model.stateOf(expose).scope;
    for (const argument of expose.getArguments()) {
      const match = PORT.exec(expand(argument.getValue(), scope) ?? '');
      if (!match?.[1]) continue;
      const protocol = match[2]?.toLowerCase();
      const port = protocol && protocol !== 'tcp' ? `${match[1]}/${protocol}` : match[1];
      if (!ports.includes(port)) ports.push(port);
    }
  }
  return ports;
}
