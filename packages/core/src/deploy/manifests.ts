import { stringify } from 'yaml';
import type { DeploySpec } from './deploy-spec.js';

/** What the manifests of one app need. */
export interface DeployInput {
  /** The app's name: Deployment, Service and container name. */
  readonly name: string;
  /** The image reference the Deployment runs. */
  readonly image: string;
  readonly spec: DeploySpec;
  /** A line to add to the manifest's head comment (e.g. where it came from, what to change). */
  readonly note?: string;
}

type Manifest = Record<string, unknown>;

/** The volume name of a writable path: `/tmp` → `tmp`, `/home/app/.cache` → `home-app-cache`. */
export function volumeName(path: string): string {
  return (
    path
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'root'
  );
}

/**
 * The Deployment and Service of an HTTP app: probes on the app's port, resources, a read-only root
 * filesystem with the writable paths as emptyDir volumes, runAsNonRoot (the image's numeric USER;
 * no fixed runAsUser, so OpenShift's arbitrary UID in group 0 works too), no privilege escalation,
 * no capabilities. PORT is set to the spec's port, so the image serves where the probes look.
 */
export function deployObjects(input: DeployInput): { deployment: Manifest; service: Manifest } {
  const { name, spec } = input;
  const labels = { 'app.kubernetes.io/name': name };
  const probe = (path: string, period: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds: period,
    timeoutSeconds: 3,
    failureThreshold: 3,
  });
  const container = {
    name,
    image: input.image,
    ports: [{ name: 'http', containerPort: spec.port, protocol: 'TCP' }],
    env: [{ name: 'PORT', value: String(spec.port) }],
    livenessProbe: { ...probe(spec.liveness, 10), initialDelaySeconds: 5 },
    readinessProbe: probe(spec.readiness, 5),
    resources: { requests: { ...spec.resources.requests }, limits: { ...spec.resources.limits } },
    securityContext: {
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: spec.writablePaths.map((path) => ({ name: volumeName(path), mountPath: path })),
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [container],
          volumes: spec.writablePaths.map((path) => ({ name: volumeName(path), emptyDir: {} })),
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels },
    spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
  return { deployment, service };
}

const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** `kubectl apply -f`-ready YAML: the Deployment, then the Service. */
export function kubernetesManifest(input: DeployInput): string {
  const { deployment, service } = deployObjects(input);
  return [
    `# ${input.name}: Deployment and Service. Probes: liveness GET ${input.spec.liveness}, readiness GET ${input.spec.readiness} on port ${input.spec.port}.`,
    ...(input.note ? [`# ${input.note}`] : []),
    stringify(deployment, YAML_OPTIONS).trimEnd(),
    '---',
    stringify(service, YAML_OPTIONS),
  ].join('\n');
}

/** The parameters of the OpenShift Template, with their defaults. */
export function templateParameters(input: DeployInput): { name: string; value: string; description: string }[] {
  return [
    { name: 'NAME', value: input.name, description: 'The name of the Deployment and Service.' },
    { name: 'IMAGE', value: input.image, description: 'The app image (built with catalog app build or a Dockerfile).' },
  ];
}

/**
 * The same objects as an OpenShift Template (`oc process -f ... | oc apply -f -`), with the name and
 * the image as parameters. Its objects are the Kubernetes ones above with `${NAME}` and `${IMAGE}`.
 */
export function openshiftTemplate(input: DeployInput): string {
  const { deployment, service } = deployObjects({ ...input, name: '${NAME}', image: '${IMAGE}' });
  const template = {
    apiVersion: 'template.openshift.io/v1',
    kind: 'Template',
    metadata: {
      name: input.name,
      annotations: {
        description: `${input.name}: Deployment and Service with liveness and readiness probes (written by catalog init-app).`,
      },
    },
    parameters: templateParameters(input).map((p) => ({ ...p, required: true })),
    objects: [deployment, service],
  };
  return stringify(template, YAML_OPTIONS);
}
