import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedPort } from '@catalog/registry/test/fake-server';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { run, workspace } from '../../test/test-io.js';

const example = readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8');

describe('catalog init-app', () => {
  it('scaffolds an app FROM the recommended tag whose Dockerfile passes catalog lint (--no-pin: no registry)', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    const result = await run(['init-app', 'shop', '--from', 'flask', '--no-pin'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created shop/ FROM localhost:5000/acme/flask:3.1.1-python3.13');
    expect(result.stdout).toContain('not pinned (--no-pin): 3.1.1-python3.13 is a rolling tag');
    const dockerfile = readFileSync(join(dir, 'shop/Dockerfile'), 'utf8');
    expect(dockerfile).toContain('\nFROM localhost:5000/acme/flask:3.1.1-python3.13\n');
    expect(readFileSync(join(dir, 'shop/.dockerignore'), 'utf8')).toContain('.git');
    expect(readFileSync(join(dir, 'shop/README.md'), 'utf8')).toContain('# shop');
    const lint = await run(['lint', 'shop/Dockerfile'], dir);
    expect(lint.stdout).toBe('0 findings (0 errors)\n');
    expect(lint.code).toBe(0);
  });

  it("writes deploy manifests with the base's probes that validate against the Kubernetes schema", async () => {
    const dir = workspace({ 'catalog.yaml': example });
    const result = await run(['init-app', 'shop', '--from', 'flask', '--json', '--no-pin'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).files).toContain('deploy/kubernetes.yaml');
    const docs = parseAllDocuments(readFileSync(join(dir, 'shop/deploy/kubernetes.yaml'), 'utf8')).map((d) => d.toJS());
    const [deployment, service] = docs;
    new Deployment(deployment).validate();
    new Service(service).validate();
    // catalog.yaml's flask deploy: port 8080, GET /healthz and /readyz; app.py answers both.
    const container = deployment.spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.ports[0].containerPort).toBe(8080);
    expect(readFileSync(join(dir, 'shop/app.py'), 'utf8')).toContain('@app.get("/readyz")');
    const template = parse(readFileSync(join(dir, 'shop/deploy/openshift-template.yaml'), 'utf8'));
    expect(template.kind).toBe('Template');
    const filled = JSON.parse(
      JSON.stringify(template.objects).replaceAll('${NAME}', 'shop').replaceAll('${IMAGE}', 'shop:1'),
    );
    new Deployment(filled[0]).validate();
    new Service(filled[1]).validate();
  });

  it('takes a tag and a folder; a shell app on a base without Python is executable', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    const result = await run(
      ['init-app', 'tool', '--from', 'debian:13', '--dir', 'apps/tool', '--json', '--no-pin'],
      dir,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      from: 'localhost:5000/acme/debian:13',
      node: 'debian:13',
      pinnedFrom: null,
      digest: null,
    });
    expect(statSync(join(dir, 'apps/tool/app.sh')).mode & 0o777).toBe(0o755);
    expect((await run(['lint', 'apps/tool/Dockerfile'], dir)).code).toBe(0);
  });

  it('refuses to write into a folder that is not empty, and changes nothing', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    await run(['init-app', 'shop', '--from', 'flask', '--no-pin'], dir);
    writeFileSync(join(dir, 'shop/app.py'), 'mine');
    const result = await run(['init-app', 'shop', '--from', 'python', '--no-pin'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('shop already exists and is not empty; init-app never overwrites files');
    expect(readFileSync(join(dir, 'shop/app.py'), 'utf8')).toBe('mine');
  });

  it('an -rN tag given is written as it is, without asking the registry', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    const host = `127.0.0.1:${await closedPort()}`;
    const result = await run(['init-app', 'shop', '--from', 'python:3.13.5-r4', '--registry', `${host}/acme`], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`created shop/ FROM ${host}/acme/python:3.13.5-r4 (python:3.13.5)`);
    expect(result.stdout).toContain(
      'pinned: 3.13.5-r4 as given; `npx catalog outdated shop` says when a rebuild is out',
    );
    expect(readFileSync(join(dir, 'shop/Dockerfile'), 'utf8')).toContain('# The tag is an -rN tag: one exact build');
    expect((await run(['lint', 'shop/Dockerfile'], dir)).code).toBe(0);
  });

  it('pins through the registry: one that cannot be read is an error naming --no-pin, and nothing is written', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    const host = `127.0.0.1:${await closedPort()}`;
    const result = await run(['init-app', 'shop', '--from', 'flask', '--registry', `${host}/acme`], dir, {
      CATALOG_REGISTRY_TIMEOUT: '5s',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `cannot pin ${host}/acme/flask:3.1.1-python3.13 to its -rN build: cannot list tags`,
    );
    expect(result.stderr).toContain('or pass --no-pin to write the rolling tag');
    expect(existsSync(join(dir, 'shop'))).toBe(false);
  });

  it('rejects unknown images and tags with a suggestion, bad names and a missing --from (exit 2)', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    const image = await run(['init-app', 'shop', '--from', 'flsk'], dir);
    expect(image.code).toBe(2);
    expect(image.stderr).toContain('no image "flsk" in the catalog; did you mean "flask"?');
    const tag = await run(['init-app', 'shop', '--from', 'python:3.13.6'], dir);
    expect(tag.code).toBe(2);
    expect(tag.stderr).toContain('did you mean "python:3.13.5"?');
    const app = await run(['init-app', 'shop', '--from', 'hello'], dir);
    expect(app.stderr).toContain('--from flask:3.1.1-python3.13');
    const name = await run(['init-app', 'My Shop', '--from', 'flask'], dir);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('invalid app name "My Shop"');
    const from = await run(['init-app', 'shop'], dir);
    expect(from.code).toBe(2);
    expect(from.stderr).toContain("required option '--from <image[:tag]>' not specified");
  });
});
