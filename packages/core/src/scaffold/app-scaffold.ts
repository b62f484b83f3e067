import { imageFormatOf } from '../build/image-format.js';
import { type DeploySpec, normalizeDeploy } from '../deploy/deploy-spec.js';
import { kubernetesManifest, openshiftTemplate } from '../deploy/manifests.js';
import { UsageError } from '../errors.js';
import { isImmutableTag } from '../tags/rules.js';

/** One file of a scaffolded app folder. */
export interface ScaffoldFile {
  readonly path: string;
  readonly content: string;
  /** File mode: 0o755 for scripts. */
  readonly mode: number;
}

export interface AppScaffoldInput {
  /** The app's name: its folder, image and working directory name. */
  readonly name: string;
  /** `<registry>/<image>:<tag>` the Dockerfile is built FROM. */
  readonly reference: string;
  /** Image → version inside the base (its lineage), e.g. `{ debian: '13', python: '3.13.5', flask: '3.1.1' }`. */
  readonly components: Readonly<Record<string, string>>;
  /** How apps on the base run on Kubernetes (the base's `deploy:`, see deploySpecOf). */
  readonly deploy?: DeploySpec;
}

/** What kind of app fits the base: a Flask app, a Python script, or a shell script. */
export type AppFlavor = 'flask' | 'python' | 'shell';

/** The uid every catalog image runs as (group 0, so any uid in group 0 works too). */
export const APP_UID = 10001;

const NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function appFlavor(components: Readonly<Record<string, string>>): AppFlavor {
  if ('flask' in components) return 'flask';
  if ('python' in components) return 'python';
  return 'shell';
}

/** Checks an app name: lower-case letters, digits and `.`, `_`, `-` between them (an image name). */
export function checkAppName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new UsageError(
      `invalid app name "${name}"`,
      'use lower-case letters and digits, with ".", "_" or "-" between them (it becomes the image name), e.g. my-app',
    );
  }
}

/**
 * The files of a new app folder built FROM a catalog image: a Dockerfile that passes `catalog lint`
 * (pinned tag, non-root numeric USER, exec-form CMD, HEALTHCHECK for servers), a `.dockerignore`, the
 * app itself and a README. Pure: the caller writes the files.
 */
export function scaffoldApp(input: AppScaffoldInput): ScaffoldFile[] {
  checkAppName(input.name);
  const flavor = appFlavor(input.components);
  const deploy = flavor === 'flask' ? (input.deploy ?? FLASK_DEPLOY) : undefined;
  const app = APP_FILES[flavor](input.name, deploy ?? FLASK_DEPLOY);
  const text = dockerfile(input, flavor, app.path, deploy ?? FLASK_DEPLOY);
  const manifests = deploy ? deployFiles(input.name, deploy) : [];
  return [
    { path: 'Dockerfile', content: text, mode: 0o644 },
    { path: '.dockerignore', content: DOCKERIGNORE, mode: 0o644 },
    { path: app.path, content: app.content, mode: app.mode },
    ...manifests,
    { path: 'README.md', content: readme(input, flavor, appBuildCommand(input.name, text), deploy), mode: 0o644 },
  ];
}

/** A Flask app's deploy spec when its base declares none: what the scaffolded app.py answers. */
const FLASK_DEPLOY = normalizeDeploy({ port: 8080, liveness: '/healthz', readiness: '/readyz' });

/** Where init-app writes the deploy manifests. */
export const DEPLOY_FILES = { kubernetes: 'deploy/kubernetes.yaml', openshift: 'deploy/openshift-template.yaml' };

function deployFiles(name: string, spec: DeploySpec): ScaffoldFile[] {
  const input = {
    name,
    image: name,
    spec,
    note: 'Written by catalog init-app: set image: to the app image you pushed.',
  };
  return [
    { path: DEPLOY_FILES.kubernetes, content: kubernetesManifest(input), mode: 0o644 },
    { path: DEPLOY_FILES.openshift, content: openshiftTemplate(input), mode: 0o644 },
  ];
}

/**
 * The buildah command that builds an app folder: with `--format docker` when its Dockerfile has
 * what the OCI format drops (a HEALTHCHECK; core's imageFormatOf decides, as for catalog builds).
 */
export function appBuildCommand(name: string, dockerfileText: string): string {
  const format = imageFormatOf(dockerfileText).format === 'docker-v2s2' ? '--format docker ' : '';
  return `buildah build ${format}-t ${name} .`;
}

function tagOf(reference: string): string {
  return reference.slice(reference.lastIndexOf(':') + 1);
}

function tagComment(reference: string): string[] {
  return isImmutableTag(tagOf(reference))
    ? [
        '# The tag is an -rN tag: one exact build, never moved. `npx catalog outdated` says when a',
        '# security rebuild (a newer -rN) is out; `npx catalog outdated --write` pins it here.',
      ]
    : [
        '# The tag is a full version tag: it gets security rebuilds, never a new version. For a',
        '# reproducible build, pin its -rN tag or digest instead (see the catalog docs, tag policy).',
      ];
}

function inside(components: Readonly<Record<string, string>>): string {
  return Object.entries(components)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
}

function dockerfile(input: AppScaffoldInput, flavor: AppFlavor, appFile: string, deploy: DeploySpec): string {
  const port = deploy.port;
  const workdir = `/home/app/${input.name}`;
  const head = [
    '# syntax=docker/dockerfile:1',
    `# ${input.name}: built FROM the platform's base image (${inside(input.components)}).`,
    ...tagComment(input.reference),
    `FROM ${input.reference}`,
    `WORKDIR ${workdir}`,
    `COPY --chown=${APP_UID}:0 ${appFile} ./`,
  ];
  const tail: Record<AppFlavor, string[]> = {
    flask: [
      '# Served by gunicorn (the Flask base ships it), set from the environment: PORT (it binds',
      '# 0.0.0.0:$PORT), WEB_CONCURRENCY (workers), GUNICORN_CMD_ARGS (any other gunicorn flag).',
      `ENV FLASK_APP=app PORT=${port} WEB_CONCURRENCY=2`,
      `USER ${APP_UID}`,
      `EXPOSE ${port}`,
      '# Build with `--format docker` (buildah, podman): the OCI format drops HEALTHCHECK.',
      `HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s${deploy.liveness}' % os.environ['PORT'])"]`,
      'CMD ["gunicorn", "--access-logfile", "-", "app:app"]',
    ],
    python: [`USER ${APP_UID}`, `CMD ["python", "${workdir}/${appFile}"]`],
    shell: [`USER ${APP_UID}`, `CMD ["${workdir}/${appFile}"]`],
  };
  return `${[...head, ...tail[flavor]].join('\n')}\n`;
}

function serving(port: number): string {
  return `
gunicorn serves the app: \`PORT\` (default ${port}) is where it listens, \`WEB_CONCURRENCY\` (default 2)
how many worker processes it runs (about 2 × CPU cores + 1), and \`GUNICORN_CMD_ARGS\` takes any
other gunicorn flag (e.g. \`--timeout 60 --threads 4\`). \`--format docker\` keeps the HEALTHCHECK in
the image: buildah's default OCI format has no field for it.
`;
}

function deploySection(deploy: DeploySpec): string {
  return `
## Deploy

\`${DEPLOY_FILES.kubernetes}\` is a Deployment and a Service (\`kubectl apply -f ${DEPLOY_FILES.kubernetes}\`
after setting \`image:\` to the image you pushed); \`${DEPLOY_FILES.openshift}\` the same as an OpenShift
Template (\`oc process -f ${DEPLOY_FILES.openshift} -p IMAGE=<image> | oc apply -f -\`). Liveness probe
GET \`${deploy.liveness}\`, readiness probe GET \`${deploy.readiness}\` on port ${deploy.port}; requests
${deploy.resources.requests.cpu} CPU and ${deploy.resources.requests.memory}; a read-only root filesystem with
${deploy.writablePaths.map((p) => `\`${p}\``).join(', ')} writable (emptyDir); runAsNonRoot, no fixed uid (any uid in
group 0 works, as OpenShift assigns).
`;
}

const DOCKERIGNORE = `# Keep the build context to what the image needs.
.git
.dockerignore
Dockerfile
README.md
deploy/
__pycache__/
*.pyc
.venv/
`;

const APP_FILES: Record<
  AppFlavor,
  (name: string, deploy: DeploySpec) => { path: string; content: string; mode: number }
> = {
  flask: (name, deploy) => ({
    path: 'app.py',
    mode: 0o644,
    content: `"""${name}: a Flask app. GET ${deploy.liveness} is the liveness probe, GET ${deploy.readiness} the readiness probe."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "Hello from ${name}!"


@app.get("${deploy.liveness}")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("${deploy.readiness}")
def readyz() -> dict[str, str]:
    return {"status": "ready"}
`,
  }),
  python: (name) => ({
    path: 'app.py',
    mode: 0o644,
    content: `"""${name}: replace this with your program."""

import sys

print(f"Hello from ${name} on Python {sys.version.split()[0]}!")
`,
  }),
  shell: (name) => ({
    path: 'app.sh',
    mode: 0o755,
    content: `#!/bin/sh
# ${name}: replace this with your program. Keep \`exec\` so it receives signals as PID 1.
set -eu
exec echo "Hello from ${name}!"
`,
  }),
};

function readme(input: AppScaffoldInput, flavor: AppFlavor, build: string, deploy: DeploySpec | undefined): string {
  const port = deploy?.port ?? FLASK_DEPLOY.port;
  const run =
    flavor === 'flask'
      ? `podman run --rm -p ${port}:${port} -e WEB_CONCURRENCY=4 ${input.name}    # then open http://localhost:${port}/`
      : `podman run --rm ${input.name}`;
  return `# ${input.name}

Built FROM \`${input.reference}\` (${inside(input.components)}), one of the platform team's base
images. It runs as the non-root user ${APP_UID} (group 0).

## Build and run

\`\`\`sh
npx catalog lint Dockerfile        # the platform's Dockerfile rules
${build}   # or: docker build -t ${input.name} .
${run}
\`\`\`
${flavor === 'flask' ? serving(port) : ''}${deploy ? deploySection(deploy) : ''}
## Keeping the base up to date

${keepingUpToDate(tagOf(input.reference))}`;
}

function keepingUpToDate(tag: string): string {
  return isImmutableTag(tag)
    ? `\`${tag}\` is one exact build of the base (an \`-rN\` tag is never moved): your image changes only
when you change this line. Each security rebuild of the base is a new \`-rN\`: \`npx catalog outdated .\`
says this FROM is behind when one is out (exit 3), and \`npx catalog outdated . --write\` pins it.
`
    : `\`${tag}\` is a rolling tag: it moves to every rebuild of the same version
(security fixes), never to a new version. Rebuild your image regularly to pick them up. To pin one
exact build, use its \`-rN\` tag or digest from the catalog docs and let an update bot bump it.
`;
}
