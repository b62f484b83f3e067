import { stringify } from 'yaml';
import { type PlatformJob, planPlatforms, platformJobs } from './distributed.js';
import type { Plan } from './plan.js';

/** The names the generated Tekton objects share (see README "Building on many machines"). */
export const TEKTON = {
  pipeline: 'catalog',
  buildTask: 'catalog-build',
  publishTask: 'catalog-publish',
  secret: 'catalog-registry',
  signingSecret: 'catalog-signing',
} as const;

/** Where the signing Secret (`cosign.key`, optionally `cosign.password`) is mounted in the steps. */
const SIGNING_DIR = '/catalog/signing';

/**
 * `catalog plan --format tekton`: a Task that builds one node for one platform, a Task that
 * publishes, and a Pipeline with one task per node and platform (`runAfter` its parent's task on
 * the same platform) and a `finally` task running `catalog publish` over the shared reports
 * workspace, so tags move once, after every build, with the guarded tag phase. Returned as one YAML
 * stream (`kubectl apply -f`).
 */
export function planAsTekton(plan: Plan, platforms: readonly string[] = planPlatforms(plan)): string {
  const jobs = platformJobs(plan, platforms);
  return [buildTask(), publishTask(platforms), pipeline(jobs)]
    .map((doc) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}

const TOOL_PARAMS = [
  { name: 'catalog-image', type: 'string', description: 'the catalog tool image (Node, buildah, cosign, catalog)' },
  {
    name: 'registry-secret',
    type: 'string',
    default: TEKTON.secret,
    description: 'a kubernetes.io/dockerconfigjson Secret with push access',
  },
  { name: 'revision', type: 'string', description: "the catalog's commit every build and the publish use" },
  {
    name: 'signing-secret',
    type: 'string',
    default: TEKTON.signingSecret,
    description:
      'a Secret with cosign.key (and cosign.password when the key has one): the key every build and the publish sign with',
  },
];

const WORKSPACES = [
  { name: 'source', description: "the catalog's checkout at the revision", readOnly: true },
  { name: 'reports', description: 'shared by every task: one build report per node and platform' },
];

/** buildah unprivileged: vfs storage in an emptyDir, chroot isolation; credentials from the Secret. */
function toolStep(name: string, script: string, env: { name: string; value: string }[]) {
  return {
    name,
    image: '$(params.catalog-image)',
    workingDir: '$(workspaces.source.path)',
    env: [
      ...env,
      { name: 'CATALOG_REVISION', value: '$(params.revision)' },
      { name: 'REGISTRY_AUTH_FILE', value: '/catalog/auth/auth.json' },
      // One key for every task: each platform's image, and the index publish pushes, verify with its public half.
      { name: 'CATALOG_COSIGN_KEY', value: `${SIGNING_DIR}/cosign.key` },
      { name: 'CATALOG_BUILDAH_STORAGE_DRIVER', value: 'vfs' },
      { name: 'CATALOG_BUILDAH_ISOLATION', value: 'chroot' },
      { name: 'CI', value: '1' },
    ],
    volumeMounts: [
      { name: 'registry-auth', mountPath: '/catalog/auth', readOnly: true },
      { name: 'signing-key', mountPath: SIGNING_DIR, readOnly: true },
      { name: 'containers', mountPath: '/var/lib/containers' },
    ],
    securityContext: { privileged: false, allowPrivilegeEscalation: false, runAsUser: 0 },
    script,
  };
}

const VOLUMES = [
  {
    name: 'registry-auth',
    secret: { secretName: '$(params.registry-secret)', items: [{ key: '.dockerconfigjson', path: 'auth.json' }] },
  },
  // Optional: without it, catalog stops naming CATALOG_COSIGN_KEY and the missing file, before anything runs.
  { name: 'signing-key', secret: { secretName: '$(params.signing-secret)', optional: true } },
  { name: 'containers', emptyDir: {} },
];

/** The key's password, when the Secret has one (read, not substituted: Tekton owns `$(...)`). */
const SIGNING_PASSWORD = `if [ -f ${SIGNING_DIR}/cosign.password ]; then read -r CATALOG_COSIGN_PASSWORD < ${SIGNING_DIR}/cosign.password; export CATALOG_COSIGN_PASSWORD; fi`;

function buildTask() {
  const script = `#!/bin/sh
set -eu
${SIGNING_PASSWORD}
set -- build "$NODE" --platform "$PLATFORM" --push --no-publish --out /workspace/catalog-out --report "$REPORTS/$REPORT"
if [ -n "$PARENT_REPORT" ]; then set -- "$@" --parents-from "$REPORTS/$PARENT_REPORT"; fi
exec catalog "$@"
`;
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'Task',
    metadata: { name: TEKTON.buildTask },
    spec: {
      description:
        "Builds one catalog node for this pod's platform and pushes it by digest, untagged; writes its build report.",
      params: [
        { name: 'node', type: 'string', description: 'the node id (image:version[-variant])' },
        { name: 'platform', type: 'string', description: "the platform this task builds (the pod's own)" },
        { name: 'report', type: 'string', description: 'the report file this task writes in the reports workspace' },
        {
          name: 'parent-report',
          type: 'string',
          default: '',
          description: "the report of the parent's task, when the parent is built in this run",
        },
        ...TOOL_PARAMS,
      ],
      workspaces: WORKSPACES,
      volumes: VOLUMES,
      steps: [
        toolStep('build', script, [
          { name: 'NODE', value: '$(params.node)' },
          { name: 'PLATFORM', value: '$(params.platform)' },
          { name: 'REPORT', value: '$(params.report)' },
          { name: 'PARENT_REPORT', value: '$(params.parent-report)' },
          { name: 'REPORTS', value: '$(workspaces.reports.path)' },
        ]),
      ],
    },
  };
}

function publishTask(platforms: readonly string[]) {
  const script = `#!/bin/sh
set -eu
${SIGNING_PASSWORD}
exec catalog publish "$REPORTS" --platform ${platforms.join(' ')} --out /workspace/catalog-out
`;
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'Task',
    metadata: { name: TEKTON.publishTask },
    spec: {
      description:
        "Merges the build reports, pushes and signs each node's platform index, and moves tags (catalog publish): whole subtrees only, never backwards, the next -rN.",
      params: TOOL_PARAMS,
      workspaces: WORKSPACES,
      volumes: VOLUMES,
      steps: [toolStep('publish', script, [{ name: 'REPORTS', value: '$(workspaces.reports.path)' }])],
    },
  };
}

const TOOL_ARGS = [
  { name: 'catalog-image', value: '$(params.catalog-image)' },
  { name: 'registry-secret', value: '$(params.registry-secret)' },
  { name: 'revision', value: '$(params.revision)' },
  { name: 'signing-secret', value: '$(params.signing-secret)' },
];
const BIND = [
  { name: 'source', workspace: 'source' },
  { name: 'reports', workspace: 'reports' },
];

function pipeline(jobs: readonly PlatformJob[]) {
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'Pipeline',
    metadata: { name: TEKTON.pipeline },
    spec: {
      description: `Builds ${jobs.length} node-platform pairs, then publishes once. Tasks for another platform than the cluster's default run where the PipelineRun's taskRunSpecs put them (nodeSelector kubernetes.io/arch).`,
      params: TOOL_PARAMS,
      workspaces: WORKSPACES.map(({ name, description }) => ({ name, description })),
      tasks: jobs.map((job) => ({
        name: job.name,
        taskRef: { name: TEKTON.buildTask },
        ...(job.parent ? { runAfter: [job.parent] } : {}),
        params: [
          { name: 'node', value: job.entry.id },
          { name: 'platform', value: job.platform },
          { name: 'report', value: job.report },
          ...(job.parent ? [{ name: 'parent-report', value: `${job.parent}.json` }] : []),
          ...TOOL_ARGS,
        ],
        workspaces: BIND,
      })),
      finally: [{ name: 'publish', taskRef: { name: TEKTON.publishTask }, params: TOOL_ARGS, workspaces: BIND }],
    },
  };
}
