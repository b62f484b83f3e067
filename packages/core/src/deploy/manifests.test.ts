import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { EXAMPLE, errorsOf, load } from '../../test/helpers.js';
import { deploySpecOf } from './deploy-of-node.js';
import { normalizeDeploy } from './deploy-spec.js';
import { kubernetesManifest, openshiftTemplate, volumeName } from './manifests.js';

/**
 * The manifests validated against the Kubernetes OpenAPI schema (the JSON schemas that the
 * kubernetes-models package carries, checked with ajv): a wrong field or type fails validate().
 */
function validate(object: Record<string, unknown>): void {
  if (object.kind === 'Deployment') new Deployment(object as never).validate();
  else if (object.kind === 'Service') new Service(object as never).validate();
  else throw new Error(`no schema for ${String(object.kind)}`);
}

const spec = normalizeDeploy({ port: 5000, liveness: '/healthz', readiness: '/readyz', writablePaths: ['/tmp'] });
const input = { name: 'hello', image: 'localhost:5000/acme/hello:1.0.0', spec };

describe('kubernetesManifest', () => {
  const docs = parseAllDocuments(kubernetesManifest(input)).map((d) => d.toJS() as Record<string, unknown>);

  it('is a Deployment and a Service that validate against the Kubernetes schema', () => {
    expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service']);
    for (const doc of docs) validate(doc);
  });

  it('probes the documented paths on the app port, read-only root with emptyDir writable paths, non-root', () => {
    interface Pod {
      containers: Record<string, unknown>[];
      volumes: unknown;
      securityContext: unknown;
    }
    const pod = (docs[0] as unknown as { spec: { template: { spec: Pod } } }).spec.template.spec;
    const [container] = pod.containers;
    expect(container).toMatchObject({
      image: 'localhost:5000/acme/hello:1.0.0',
      ports: [{ name: 'http', containerPort: 5000 }],
      env: [{ name: 'PORT', value: '5000' }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
      readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    });
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    // No fixed uid: OpenShift assigns an arbitrary one in group 0, which the images support.
    expect(JSON.stringify(docs)).not.toContain('runAsUser');
  });

  it('a schema check catches a broken manifest (the validator is real)', () => {
    const broken = structuredClone(docs[0]) as { spec: { replicas: unknown } };
    broken.spec.replicas = 'two';
    expect(() => validate(broken as never)).toThrow(/replicas/);
  });
});

describe('openshiftTemplate', () => {
  const template = parse(openshiftTemplate(input)) as {
    apiVersion: string;
    kind: string;
    parameters: { name: string; value: string; required: boolean }[];
    objects: Record<string, unknown>[];
  };

  it('is a Template whose objects, once its parameters are filled in, validate against the Kubernetes schema', () => {
    expect(template).toMatchObject({ apiVersion: 'template.openshift.io/v1', kind: 'Template' });
    expect(template.parameters.map((p) => [p.name, p.value, p.required])).toEqual([
      ['NAME', 'hello', true],
      ['IMAGE', 'localhost:5000/acme/hello:1.0.0', true],
    ]);
    const text = JSON.stringify(template.objects);
    const used = [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(['NAME', 'IMAGE']));
    const filled = JSON.parse(text.replaceAll('${NAME}', 'shop').replaceAll('${IMAGE}', 'shop:1')) as Record<
      string,
      unknown
    >[];
    expect(filled.map((o) => o.kind)).toEqual(['Deployment', 'Service']);
    for (const object of filled) validate(object);
  });
});

describe('deploySpecOf', () => {
  it("is the image's own, else the nearest ancestor's, else undefined", () => {
    const text = EXAMPLE.replace(
      /( +)kind: framework\n/,
      '$1kind: framework\n$1deploy: { port: 8080, liveness: /healthz, readiness: /readyz }\n',
    ).replace(/( +)kind: app\n/, '$1kind: app\n$1deploy: { port: 5000, liveness: /healthz, readiness: /readyz }\n');
    const { catalog, graph } = load(text);
    const node = (id: string) => catalog.nodes.find((n) => n.id === id) ?? expect.fail(id);
    expect(deploySpecOf(catalog, graph, node('hello:1.0.0'))).toMatchObject({ port: 5000, readiness: '/readyz' });
    expect(deploySpecOf(catalog, graph, node('flask:3.1.1-python3.11'))).toMatchObject({ port: 8080 });
    expect(deploySpecOf(catalog, graph, node('python:3.13.5'))).toBeUndefined();
  });

  it('names volumes after their paths', () => {
    expect(volumeName('/tmp')).toBe('tmp');
    expect(volumeName('/home/app/.cache')).toBe('home-app-cache');
  });
});

describe('deploy: in the catalog', () => {
  it('rejects a bad port, a relative probe path and a malformed quantity, with their positions', () => {
    const bad = (deploy: string) =>
      errorsOf(EXAMPLE.replace(/( +)kind: app\n/, `$1kind: app\n$1deploy: ${deploy}\n`)).join('\n');
    expect(bad('{ port: 0, liveness: /healthz, readiness: /readyz }')).toMatch(
      /^catalog\.yaml:\d+:\d+: images\.hello\.deploy\.port: /m,
    );
    expect(bad('{ port: 80, liveness: healthz, readiness: /readyz }')).toMatch(/images\.hello\.deploy\.liveness: /);
    expect(bad('{ port: 80, liveness: /a, readiness: /b, resources: { requests: { cpu: lots } } }')).toMatch(
      /images\.hello\.deploy\.resources\.requests\.cpu: /,
    );
    expect(bad('{ port: 80, liveness: /a }')).toMatch(/images\.hello\.deploy\.readiness: /);
  });
});
