import { describe, expect, it } from 'vitest';
import { assertRunMounts, runMountProblems } from './capabilities.js';
import { createAdapter } from './engines/index.js';
import { BuilderError } from './errors.js';

/** The shape of the example's Flask template: wheels bind-mounted from an earlier stage. */
const FLASK = [
  'ARG BASE_IMAGE=localhost:5000/acme/python:3.13.5',
  'FROM ${BASE_IMAGE} AS wheels',
  'RUN pip wheel --no-cache-dir --wheel-dir /tmp/wheels -r /tmp/requirements.txt',
  'FROM ${BASE_IMAGE}',
  'RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \\',
  '    --mount=type=bind,from=wheels,source=/tmp/wheels,target=/tmp/wheels \\',
  '    pip install --no-cache-dir --no-index --find-links /tmp/wheels -r /tmp/requirements.txt',
  'USER 10001',
].join('\n');

const PLAN = [
  { id: 'python:3.13.5', dockerfile: 'FROM debian:13\nRUN echo no mounts here\n' },
  { id: 'flask:3.1.1-python3.13', dockerfile: FLASK },
];

describe('RUN --mount on builders that ignore it', () => {
  it('names every node and Dockerfile line kaniko would build wrong', () => {
    expect(runMountProblems(createAdapter('kaniko'), PLAN)).toEqual([
      'flask:3.1.1-python3.13: Dockerfile line 5: RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt',
      'flask:3.1.1-python3.13: Dockerfile line 6: RUN --mount=type=bind,from=wheels,source=/tmp/wheels,target=/tmp/wheels',
    ]);
  });

  it('rejects the plan for kaniko with a hint, before anything runs', () => {
    const kaniko = createAdapter('kaniko');
    expect(() => assertRunMounts(kaniko, PLAN)).toThrow(BuilderError);
    expect(() => assertRunMounts(kaniko, PLAN)).toThrow(
      /^kaniko ignores RUN --mount .*flask:3\.1\.1-python3\.13: Dockerfile line 5/,
    );
    try {
      assertRunMounts(kaniko, PLAN);
    } catch (error) {
      expect((error as BuilderError).hint).toBe('use --builder buildah');
    }
  });

  it('accepts the plan for builders that honour mounts, and plans without mounts for kaniko', () => {
    for (const name of ['buildah', 'podman', 'docker'] as const)
      expect(runMountProblems(createAdapter(name), PLAN)).toEqual([]);
    expect(() => assertRunMounts(createAdapter('kaniko'), PLAN.slice(0, 1))).not.toThrow();
  });
});
