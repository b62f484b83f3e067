import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { inputHash } from './input-hash.js';

function folder(files: Record<string, string>): string {
  const dir = tempDir('catalog-hash-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const base = { Dockerfile: 'FROM scratch\n', 'app/main.py': 'print(1)\n', 'build.json': '{}' };
const args = { BASE_IMAGE: 'r/p:1', PIP_VERSION: '25' };
const hashOf = (files: Record<string, string>, extra: object = {}) =>
  inputHash({ dir: folder(files), buildArgs: args, parentDigest: 'sha256:aa', ...extra });

describe('inputHash', () => {
  it('is stable for the same inputs, wherever the folder is', async () => {
    expect(await hashOf(base)).toBe(await hashOf(base));
    expect(await hashOf(base)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with a file, a file name, a build arg or the parent digest', async () => {
    const reference = await hashOf(base);
    expect(await hashOf({ ...base, 'app/main.py': 'print(2)\n' })).not.toBe(reference);
    expect(await hashOf({ ...base, 'app/extra.txt': '' })).not.toBe(reference);
    expect(await hashOf(base, { buildArgs: { ...args, PIP_VERSION: '26' } })).not.toBe(reference);
    expect(await hashOf(base, { parentDigest: 'sha256:bb' })).not.toBe(reference);
  });

  it('changes with the docker image format only (images built as OCI before it keep their hash)', async () => {
    const reference = await hashOf(base);
    expect(await hashOf(base, { format: 'oci' })).toBe(reference);
    expect(await hashOf(base, { format: 'docker-v2s2' })).not.toBe(reference);
  });

  it('ignores what does not change the image: build.json, build time, commit, mirrors, how the parent is pulled', async () => {
    const reference = await hashOf(base);
    expect(await hashOf({ ...base, 'build.json': '{"other":1}' })).toBe(reference);
    const volatile = {
      BUILD_CREATED: '2026-01-01T00:00:00Z',
      BUILD_REVISION: 'abc',
      MIRROR_PYPI: 'http://127.0.0.1:8765',
      BASE_IMAGE: 'r/p@sha256:aa',
    };
    expect(await hashOf(base, { buildArgs: { ...args, ...volatile } })).toBe(reference);
  });
});
