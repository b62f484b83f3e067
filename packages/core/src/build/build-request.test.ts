import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.js';
import {
  type BuildRunFacts,
  inputHashLabel,
  isPlaceholder,
  MissingSecretError,
  nodeBuildRequest,
  placeholder,
} from './build-request.js';

const { catalog } = loadCatalog(
  `registry: r.example/acme
mirrors: { pypi: https://pypi.example/simple }
images:
  os: { kind: os, versions: { "1": {} } }
  app:
    kind: app
    from: os:1
    secrets: [{ id: token, env: APP_TOKEN, required: true }, { id: extra, env: APP_EXTRA, required: false }]
    versions: { "1.0.0": {} }
`,
  'catalog.yaml',
);
const app = catalog.nodes.find((n) => n.id === 'app:1.0.0');
const secrets = catalog.images.find((i) => i.name === 'app')?.secrets ?? [];

function facts(environment: Record<string, string | undefined>): BuildRunFacts {
  return {
    out: '/w/out',
    workspaceKey: 'abcd1234',
    sourceDate: new Date('2026-01-02T03:04:05.678Z'),
    revision: 'c0ffee',
    buildArgOverrides: { MIRROR_PYPI: 'http://127.0.0.1:8765/simple', NOT_RENDERED: 'x' },
    environment,
    tlsVerify: false,
    labelPrefix: 'io.acme',
  };
}

describe('nodeBuildRequest', () => {
  if (!app) throw new Error('fixture');
  const input = {
    node: app,
    rendered: {
      family: 'debian',
      outDir: 'app/1.0.0',
      dockerfile: 'FROM ${BASE_IMAGE}\nCMD ["app"]\n',
      buildArgs: { BASE_IMAGE: 'r.example/acme/os:1', MIRROR_PYPI: 'https://pypi.example/simple' },
    },
    dir: '/w/out/build/app/1.0.0',
    parent: { digest: 'sha256:1', pullRef: 'r.example/acme/os@sha256:1' },
    secrets,
    inputHash: 'sha256:2',
    platform: 'linux/amd64',
  };

  it('pins the parent, overrides rendered mirrors only, and stamps the created time and commit', () => {
    const request = nodeBuildRequest(input, facts({ APP_TOKEN: '/run/token' }));
    expect(request.buildArgs).toEqual({
      BASE_IMAGE: 'r.example/acme/os@sha256:1',
      BASE_DIGEST: 'sha256:1',
      MIRROR_PYPI: 'http://127.0.0.1:8765/simple',
      BUILD_CREATED: '2026-01-02T03:04:05Z',
      BUILD_REVISION: 'c0ffee',
    });
    expect(request).toMatchObject({
      image: 'localhost/catalog-abcd1234/app:1.0.0',
      platform: 'linux/amd64',
      dockerfile: '/w/out/build/app/1.0.0/Dockerfile',
      ociLayoutDir: '/w/out/oci/app/1.0.0',
      iidFile: '/w/out/oci/app/1.0.0.iid',
      labels: { [inputHashLabel('io.acme')]: 'sha256:2' },
      timestamp: 1767323045,
      tlsVerify: false,
    });
  });

  it('mounts the secrets whose variables are set, never as build args', () => {
    const request = nodeBuildRequest(input, facts({ APP_TOKEN: '/run/token', APP_EXTRA: '/run/extra' }));
    expect(request.secrets).toEqual([
      { id: 'token', src: '/run/token' },
      { id: 'extra', src: '/run/extra' },
    ]);
    expect(JSON.stringify(request.buildArgs)).not.toContain('/run/token');
  });

  it('fails with the variable to set when a required secret is missing', () => {
    expect(() => nodeBuildRequest(input, facts({}))).toThrow(MissingSecretError);
    expect(() => nodeBuildRequest(input, facts({}))).toThrow(/build secret "token" needs APP_TOKEN/);
  });
  it('builds in the OCI format, and in the docker format when the image has a HEALTHCHECK', () => {
    expect(nodeBuildRequest(input, facts({ APP_TOKEN: '/t' })).format).toBe('oci');
    const healthcheck = { ...input.rendered, dockerfile: 'FROM ${BASE_IMAGE}\nHEALTHCHECK CMD ["app", "--ping"]\n' };
    expect(nodeBuildRequest({ ...input, rendered: healthcheck }, facts({ APP_TOKEN: '/t' })).format).toBe(
      'docker-v2s2',
    );
  });

  it('names the outputs of a node built for several platforms after the platform', () => {
    const both = { ...input, node: { ...app, platforms: ['linux/amd64', 'linux/arm64'] }, platform: 'linux/arm64' };
    expect(nodeBuildRequest(both, facts({ APP_TOKEN: '/t' }))).toMatchObject({
      platform: 'linux/arm64',
      image: 'localhost/catalog-abcd1234/app:1.0.0-linux-arm64',
      ociLayoutDir: '/w/out/oci/app/1.0.0@linux-arm64',
      iidFile: '/w/out/oci/app/1.0.0@linux-arm64.iid',
    });
  });

  it("hands the run's builder auth file to the request, and nothing when there is none", () => {
    const withAuth = nodeBuildRequest(input, { ...facts({ APP_TOKEN: '/t' }), authFile: '/tmp/a/auth.json' });
    expect(withAuth.authFile).toBe('/tmp/a/auth.json');
    expect('authFile' in nodeBuildRequest(input, facts({ APP_TOKEN: '/t' }))).toBe(false);
  });
});

describe('placeholders', () => {
  it('marks values only a build knows', () => {
    expect(isPlaceholder(placeholder('digest of os:1'))).toBe(true);
    expect(isPlaceholder(`r.example/acme/os@${placeholder('digest of os:1')}`)).toBe(true);
    expect(isPlaceholder('sha256:0123')).toBe(false);
  });
});
