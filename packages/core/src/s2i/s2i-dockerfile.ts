import { S2I_LABELS, type S2iBuilder } from './s2i-builder.js';

/** The folder of an S2I build context that holds the application source. */
export const S2I_SOURCE_FOLDER = 'src';

export interface S2iDockerfileInput {
  readonly builder: S2iBuilder;
  /** The source as the user named it (a label on the result; never read). */
  readonly sourceLocation: string;
  /** Build args declared with their defaults (the catalog's mirrors: `MIRROR_PYPI`...). */
  readonly buildArgs: readonly { readonly name: string; readonly value: string }[];
}

/**
 * The Dockerfile of an S2I build, what `s2i build --as-dockerfile` writes: FROM the builder pinned
 * by digest, the source copied to `<destination>/src` owned by the assemble user in group 0,
 * assemble run as that user (the build args, e.g. the PyPI mirror, are in its environment), and
 * `run` as the command. Pure: `catalog app build` writes it beside the source and builds it.
 */
export function s2iDockerfile(input: S2iDockerfileInput): string {
  const { builder } = input;
  const label = (key: string, value: string) => `${key}=${JSON.stringify(value)}`;
  return `${[
    `# Source-to-Image build of ${input.sourceLocation} with ${builder.reference} (written by catalog app build).`,
    `FROM ${builder.pinned}`,
    ...input.buildArgs.map((arg) => `ARG ${arg.name}=${JSON.stringify(arg.value)}`),
    `LABEL ${label(S2I_LABELS.buildImage, builder.reference)} \\`,
    `      ${label(S2I_LABELS.sourceLocation, input.sourceLocation)}`,
    `COPY --chown=${builder.uid}:0 ${S2I_SOURCE_FOLDER}/ ${builder.sourceDir}/`,
    `USER ${builder.uid}`,
    `RUN ${JSON.stringify([`${builder.scriptsDir}/assemble`])}`,
    `CMD ${JSON.stringify([`${builder.scriptsDir}/run`])}`,
  ].join('\n')}\n`;
}
