import { buildModel, flagsOf, keyword, position } from './dockerfile-model.js';

/** A `RUN --mount=...` of a Dockerfile, at its 1-based position. */
export interface RunMount {
  readonly line: number;
  readonly column: number;
  /** The flag's value, e.g. `type=cache,target=/var/lib/apt`. */
  readonly mount: string;
}

/** Every `--mount` flag of the RUN instructions of a Dockerfile (for builders that cannot mount). */
export function findRunMounts(text: string): RunMount[] {
  const mounts: RunMount[] = [];
  for (const run of buildModel(text).instructions.filter((i) => keyword(i) === 'RUN')) {
    for (const flag of flagsOf(run).filter((f) => f.getName() === 'mount')) {
      mounts.push({ ...position(flag.getRange().start), mount: flag.getValue() ?? '' });
    }
  }
  return mounts;
}
