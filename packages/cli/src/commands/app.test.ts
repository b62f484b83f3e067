import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RegistryClient } from '@catalog/registry';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { writeTestOciLayout } from '@catalog/registry/test/oci-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run, workspace } from '../../test/test-io.js';

const example = readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8');

function appWorkspace(): string {
  const dir = workspace({ 'catalog.yaml': example });
  mkdirSync(join(dir, 'hello'));
  writeFileSync(join(dir, 'hello/app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
  return dir;
}

describe('catalog app build: bad input', () => {
  it('rejects a missing source folder, or a file, with a fix (exit 2), and writes nothing', async () => {
    const dir = appWorkspace();
    const missing = await run(['app', 'build', 'helo', '--from', 'flask', '--tag', 'hello-s2i'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('source folder helo does not exist');
    expect(missing.stderr).toContain('pass the folder holding the app');
    const file = await run(['app', 'build', 'hello/app.py', '--from', 'flask', '--tag', 'hello-s2i'], dir);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('source hello/app.py is not a folder');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('rejects an unknown image or tag with the nearest match, an app, a bad --tag, and missing options', async () => {
    const dir = appWorkspace();
    const image = await run(['app', 'build', 'hello', '--from', 'flsk', '--tag', 'hello-s2i'], dir);
    expect(image.code).toBe(2);
    expect(image.stderr).toContain('no image "flsk" in the catalog; did you mean "flask"?');
    const tag = await run(['app', 'build', 'hello', '--from', 'flask:3.2', '--tag', 'hello-s2i'], dir);
    expect(tag.code).toBe(2);
    expect(tag.stderr).toContain('no tag "flask:3.2"');
    const app = await run(['app', 'build', 'hello', '--from', 'hello', '--tag', 'hello-s2i'], dir);
    expect(app.stderr).toContain('"hello" is an app, not a base image');
    const name = await run(['app', 'build', 'hello', '--from', 'flask', '--tag', 'Hello S2I'], dir);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('invalid --tag "Hello S2I"');
    const noTag = await run(['app', 'build', 'hello', '--from', 'flask'], dir);
    expect(noTag.code).toBe(2);
    expect(noTag.stderr).toContain("required option '--tag <name>' not specified");
  });

  it('says when the registry cannot be reached (exit 1)', async () => {
    const dir = appWorkspace();
    const result = await run(
      ['app', 'build', 'hello', '--from', 'flask', '--tag', 'hello-s2i', '--registry', '127.0.0.1:9/acme'],
      dir,
      { CATALOG_REGISTRY_TIMEOUT: '2000' },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('127.0.0.1:9');
  });
});

const skip = localRegistrySkipReason();
describe.skipIf(skip)(`catalog app build against a real registry${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startLocalRegistry();
    // python:3.13.5 as an image without S2I labels.
    const client = new RegistryClient({ env: {} });
    const image = await writeTestOciLayout(tempDir('catalog-app-build-'), {
      labels: { 'org.opencontainers.image.version': '3.13.5' },
    });
    const { digest } = await client.pushOciLayout(image.layoutDir, `${registry.host}/acme/python`);
    await client.tag(`${registry.host}/acme/python`, digest, '3.13.5');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('rejects an image without the S2I scripts-url label, naming the label and a fix (exit 1)', async () => {
    const dir = appWorkspace();
    const result = await run(
      ['app', 'build', 'hello', '--from', 'python', '--tag', 'hello-s2i', '--registry', `${registry.host}/acme`],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${registry.host}/acme/python:3.13.5 is not an S2I builder image: it has no io.openshift.s2i.scripts-url label`,
    );
    expect(result.stderr).toContain('--from flask');
  });

  it('says which image is not published and how to publish it (exit 1)', async () => {
    const dir = appWorkspace();
    const result = await run(
      ['app', 'build', 'hello', '--from', 'flask', '--tag', 'hello-s2i', '--registry', `${registry.host}/acme`],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${registry.host}/acme/flask:3.1.1-python3.13 (flask:3.1.1-python3.13) is not in the registry`,
    );
    expect(result.stderr).toContain('catalog build flask:3.1.1-python3.13 --ancestors --push');
  });
});
