import { describe, expect, it } from 'vitest';
import { EXAMPLE, load, yaml } from '../../test/helpers.js';
import { imageFormatOf } from '../build/image-format.js';
import { normalizeDeploy } from '../deploy/deploy-spec.js';
import { UsageError } from '../errors.js';
import { lintDockerfile } from '../lint/index.js';
import { componentVersions } from '../render/labels.js';
import { appFlavor, scaffoldApp } from './app-scaffold.js';
import { resolveAppBase } from './resolve-base.js';

const example = load(EXAMPLE);
const context = (files: Map<string, string>) => ({
  hasFile: (path: string) => files.has(path),
  readFile: (path: string) => files.get(path),
});

function scaffold(from: string) {
  const base = resolveAppBase(example.catalog, example.graph, from);
  const files = scaffoldApp({
    name: 'shop',
    reference: base.reference,
    components: componentVersions(example.graph, base.node),
  });
  return { base, files: new Map(files.map((f) => [f.path, f.content])), modes: files };
}

describe('resolveAppBase', () => {
  it('an image alone means its recommended node and full version tag', () => {
    const { base } = scaffold('flask');
    expect(base.node.id).toBe('flask:3.1.1-python3.13');
    expect(base.reference).toBe('localhost:5000/acme/flask:3.1.1-python3.13');
  });

  it('takes any rolling tag of the plan, an -rN tag, and the registry in front', () => {
    expect(scaffold('flask:3.1-python3.11').base.node.id).toBe('flask:3.1.1-python3.11');
    expect(scaffold('flask:3').base.node.id).toBe('flask:3.1.1-python3.13');
    expect(scaffold('localhost:5000/acme/python:3.11').base.node.id).toBe('python:3.11.2');
    expect(scaffold('python:3.13.5-r4').base.tag).toBe('3.13.5-r4');
  });

  it('rejects unknown images and tags with the nearest match', () => {
    expect(() => scaffold('flsk')).toThrow(/no image "flsk" in the catalog; did you mean "flask"\?/);
    expect(() => scaffold('flask:3.1.1-python3.12')).toThrow(/did you mean "flask:3.1.1-python3.13"\?/);
    expect(() => scaffold('flask:latest')).toThrow(UsageError);
  });

  it('refuses an app as a base, pointing at its parent', () => {
    expect(() => scaffold('hello')).toThrow(/"hello" is an app/);
  });
});

describe('scaffoldApp', () => {
  it('writes a Flask app on a Flask base whose Dockerfile lints clean', () => {
    const { files } = scaffold('flask');
    expect([...files.keys()]).toEqual([
      'Dockerfile',
      '.dockerignore',
      'app.py',
      'deploy/kubernetes.yaml',
      'deploy/openshift-template.yaml',
      'README.md',
    ]);
    const dockerfile = files.get('Dockerfile') ?? '';
    expect(dockerfile).toContain('FROM localhost:5000/acme/flask:3.1.1-python3.13\n');
    expect(dockerfile).toContain('HEALTHCHECK');
    expect(lintDockerfile(dockerfile, 'Dockerfile', { context: context(files) })).toEqual([]);
    expect(files.get('README.md')).toContain('buildah build --format docker -t shop .');
  });

  it('serves the Flask app with gunicorn, workers and port from the environment, as the hello app', () => {
    const dockerfile = scaffold('flask').files.get('Dockerfile') ?? '';
    expect(dockerfile).toContain('ENV FLASK_APP=app PORT=8080 WEB_CONCURRENCY=2\n');
    expect(dockerfile).toContain('CMD ["gunicorn", "--access-logfile", "-", "app:app"]\n');
    expect(dockerfile).toContain("os.environ['PORT']");
    expect(imageFormatOf(dockerfile).format).toBe('docker-v2s2');
    expect(scaffold('flask').files.get('README.md')).toContain('WEB_CONCURRENCY');
  });

  it("answers the probes its deploy manifests name, on the base's deploy port", () => {
    const base = resolveAppBase(example.catalog, example.graph, 'flask');
    const spec = normalizeDeploy({ port: 9000, liveness: '/live', readiness: '/ready' });
    const input = { name: 'shop', reference: base.reference, components: componentVersions(example.graph, base.node) };
    const files = new Map(scaffoldApp({ ...input, deploy: spec }).map((f) => [f.path, f.content]));
    expect(files.get('app.py')).toContain('@app.get("/live")');
    expect(files.get('app.py')).toContain('@app.get("/ready")');
    expect(files.get('Dockerfile')).toContain('PORT=9000');
    expect(files.get('Dockerfile')).toContain('EXPOSE 9000');
    expect(files.get('Dockerfile')).toContain("http://127.0.0.1:%s/live'");
    expect(files.get('deploy/kubernetes.yaml')).toContain('containerPort: 9000');
    expect(files.get('deploy/kubernetes.yaml')).toContain('path: /ready');
    expect(files.get('README.md')).toMatch(/readiness probe\s+GET `\/ready`/);
    // Without a deploy: in the catalog, the app's own probes: /healthz and /readyz on 8080.
    const plain = scaffold('flask').files;
    expect(plain.get('app.py')).toContain('@app.get("/readyz")');
    expect(plain.get('deploy/kubernetes.yaml')).toContain('containerPort: 8080');
  });

  it('writes no deploy manifests for a script (nothing serves HTTP)', () => {
    expect([...scaffold('python').files.keys()].filter((path) => path.startsWith('deploy/'))).toEqual([]);
  });

  it('writes a Python script on a Python base and a shell script elsewhere, all lint clean', () => {
    for (const [from, app] of [
      ['python', 'app.py'],
      ['debian', 'app.sh'],
    ] as const) {
      const { files, modes } = scaffold(from);
      expect(files.has(app)).toBe(true);
      expect(lintDockerfile(files.get('Dockerfile') ?? '', 'Dockerfile', { context: context(files) })).toEqual([]);
      if (app === 'app.sh') expect(modes.find((f) => f.path === 'app.sh')?.mode).toBe(0o755);
    }
  });

  it('rejects names that cannot be image names', () => {
    expect(() => scaffoldApp({ name: 'My App', reference: 'r/x:1', components: {} })).toThrow(/invalid app name/);
    expect(() => scaffoldApp({ name: '../x', reference: 'r/x:1', components: {} })).toThrow(UsageError);
  });

  it('picks the flavor from the components inside the base', () => {
    expect(appFlavor({ debian: '13', python: '3.13.5', flask: '3.1.1' })).toBe('flask');
    expect(appFlavor({ debian: '13', python: '3.13.5' })).toBe('python');
    expect(appFlavor({ os: '13' })).toBe('shell');
  });
});

it('an unrelated catalog without python resolves its images too', () => {
  const other = load(yaml`
    registry: r.example/x
    images:
      os:
        kind: os
        versions: { "13": {} }
  `);
  expect(resolveAppBase(other.catalog, other.graph, 'os').reference).toBe('r.example/x/os:13');
});
