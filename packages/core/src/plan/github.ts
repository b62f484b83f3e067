import { stringify } from 'yaml';
import { type PlatformJob, planPlatforms, platformJobs } from './distributed.js';
import type { Plan } from './plan.js';

/** GitHub Actions refuses a matrix of more than 256 entries, and a run with an empty one fails. */
export const MAX_MATRIX_ENTRIES = 256;

/** The runner of each platform: arm64 builds on GitHub's native arm64 runners, never emulated. */
export const GITHUB_RUNNERS: Readonly<Record<string, string>> = {
  'linux/amd64': 'ubuntu-24.04',
  'linux/arm64': 'ubuntu-24.04-arm',
};

/** One matrix job of the per-level layout: its id, the jobs it needs, its entries (1 to 256). */
export interface LevelJob {
  readonly id: string;
  readonly level: number;
  readonly needs: readonly string[];
  readonly include: readonly MatrixEntry[];
}

export interface MatrixEntry {
  readonly node: string;
  readonly platform: string;
  readonly runner: string;
  /** The report this entry writes (`<job>.json`). */
  readonly report: string;
  /** Whether its parent is built in this run (then it builds FROM the parent's reported digest). */
  readonly parents: boolean;
}

/**
 * The plan as GitHub Actions jobs, per level: the nodes of a level and every platform in matrix
 * jobs of at most 256 entries (`level-2`, or `level-2-part-1`, `-part-2` …), each needing every job
 * of the level before, so a job's `needs` are static as GitHub requires. Levels without nodes have
 * no job, so no matrix is ever empty; an empty plan has no jobs.
 */
export function githubLevelJobs(plan: Plan, platforms: readonly string[] = planPlatforms(plan)): LevelJob[] {
  for (const platform of platforms) runnerOf(platform);
  const byLevel = new Map<number, PlatformJob[]>();
  for (const job of platformJobs(plan, platforms)) {
    const level = byLevel.get(job.entry.level) ?? [];
    level.push(job);
    byLevel.set(job.entry.level, level);
  }
  const jobs: LevelJob[] = [];
  let previous: string[] = [];
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    const entries = (byLevel.get(level) ?? []).map(matrixEntry);
    const parts = Math.ceil(entries.length / MAX_MATRIX_ENTRIES);
    const ids: string[] = [];
    for (let part = 0; part < parts; part++) {
      const id = parts === 1 ? `level-${level}` : `level-${level}-part-${part + 1}`;
      const include = entries.slice(part * MAX_MATRIX_ENTRIES, (part + 1) * MAX_MATRIX_ENTRIES);
      jobs.push({ id, level, needs: previous, include });
      ids.push(id);
    }
    previous = ids;
  }
  return jobs;
}

/** The GitHub runner label of a platform; an unknown platform is an error naming the known ones. */
export function runnerOf(platform: string): string {
  const runner = GITHUB_RUNNERS[platform];
  if (!runner)
    throw new RangeError(
      `no GitHub-hosted runner builds ${platform} natively; use one of ${Object.keys(GITHUB_RUNNERS).join(', ')}`,
    );
  return runner;
}

function matrixEntry(job: PlatformJob): MatrixEntry {
  return {
    node: job.entry.id,
    platform: job.platform,
    runner: runnerOf(job.platform),
    report: job.report,
    parents: job.parent !== undefined,
  };
}

/** `--format github-matrix`: the per-level jobs as JSON, for a workflow of one's own. */
export function planAsGithubMatrix(plan: Plan, platforms: readonly string[] = planPlatforms(plan)) {
  return {
    jobs: githubLevelJobs(plan, platforms).map(({ id, level, needs, include }) => ({
      id,
      level,
      needs,
      matrix: { include },
    })),
  };
}

/** Actions the generated workflow uses, pinned by commit as the repository's own workflows are. */
const ACTIONS = {
  checkout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', // v4.2.2
  setupNode: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020', // v4.4.0
  upload: 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02', // v4.6.2
  download: 'actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093', // v4.3.0
  cosign: 'sigstore/cosign-installer@d7d6e079ac29fd41e9a4c81c7a1b6e4e8b7fe1ec', // v3.7.0
};

const REGISTRY_ENV = {
  CATALOG_REGISTRY: '${{ vars.CATALOG_REGISTRY }}',
  CATALOG_REGISTRY_USERNAME: '${{ secrets.CATALOG_REGISTRY_USERNAME }}',
  CATALOG_REGISTRY_PASSWORD: '${{ secrets.CATALOG_REGISTRY_PASSWORD }}',
};
/**
 * Keyless signing (cosign with the job's OIDC token: a Fulcio certificate, a Rekor entry) where
 * images are pushed: the build jobs, and the publish job (it pushes each node's platform index,
 * which its tags name). What cosign and the provenance read of the job's environment crosses sudo.
 */
const SIGNING_ENV = { CATALOG_SIGNING: 'keyless' };
const OIDC_ENV = [
  'CATALOG_SIGNING',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'GITHUB_ACTIONS',
  'GITHUB_SERVER_URL',
  'GITHUB_WORKFLOW_REF',
];
const SUDO = `sudo --preserve-env=PATH,${[...Object.keys(REGISTRY_ENV), ...OIDC_ENV].join(',')}`;
/** The job's OIDC token for keyless signing; nothing else is written. */
const SIGNING_PERMISSIONS = { contents: 'read', 'id-token': 'write' };

const INSTALL_COSIGN = { name: 'Install cosign (keyless signing; Ubuntu has no cosign package)', uses: ACTIONS.cosign };

const INSTALL_DEPS = { name: 'Install tools (buildah, debootstrap)', run: 'sudo tools/install-deps.sh' };

const SETUP = [
  { uses: ACTIONS.checkout },
  { uses: ACTIONS.setupNode, with: { 'node-version': 20, cache: 'npm' } },
  INSTALL_COSIGN,
  INSTALL_DEPS,
  { name: 'Install', run: 'npm ci' },
];

const DOWNLOAD = {
  name: 'Reports of the levels before',
  uses: ACTIONS.download,
  with: { pattern: 'report-*', path: 'reports', 'merge-multiple': true },
};

/**
 * `catalog plan --format github`: a complete workflow (run by hand, `workflow_dispatch`) that
 * builds the plan per level on native runners of each platform with `build --push --no-publish`,
 * keeps each report as an artifact, and ends in one `publish` job running `catalog publish` over
 * them, in the `publish` concurrency group of the repository's other publishing workflows. The
 * build jobs push, so they sign keyless (`id-token: write`); so does publish, which pushes and
 * signs each node's platform index before it moves tags.
 */
export function planAsGithubWorkflow(plan: Plan, platforms: readonly string[] = planPlatforms(plan)): string {
  const levels = githubLevelJobs(plan, platforms);
  const jobs: Record<string, unknown> = {};
  for (const level of levels) jobs[level.id] = levelJob(level);
  jobs.publish = {
    name: 'Publish (catalog publish)',
    ...(levels.length > 0 ? { needs: levels.map((l) => l.id), if: '${{ !cancelled() }}' } : {}),
    'runs-on': 'ubuntu-24.04',
    'timeout-minutes': 60,
    environment: 'registry',
    // It pushes each node's platform index and signs it keyless, as the build jobs sign their images.
    permissions: SIGNING_PERMISSIONS,
    steps: [
      ...SETUP.filter((step) => step !== INSTALL_DEPS),
      ...(levels.length > 0 ? [{ ...DOWNLOAD, name: 'Every build report' }] : []),
      {
        name: 'Push and sign keyless the platform indexes, tag what built: whole subtrees only, never backwards, the next -rN',
        env: { ...REGISTRY_ENV, ...SIGNING_ENV },
        run:
          levels.length > 0
            ? `npx catalog publish reports --platform ${platforms.join(' ')} --report published.json`
            : 'echo "the plan is empty: nothing to build or publish"',
      },
      {
        name: 'Keep the published report',
        if: '${{ always() }}',
        uses: ACTIONS.upload,
        with: { name: 'published', path: 'published.json', 'if-no-files-found': 'ignore' },
      },
    ],
  };
  const workflow = {
    name: 'catalog (generated by catalog plan --format github)',
    on: { workflow_dispatch: {} },
    permissions: { contents: 'read' },
    concurrency: { group: 'publish', 'cancel-in-progress': false },
    jobs,
  };
  return `# Generated by \`catalog plan --format github\`: regenerate it, do not edit.\n${stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

function levelJob(level: LevelJob) {
  const build = [
    `${SUDO} npx catalog build "\${{ matrix.node }}" --platform "\${{ matrix.platform }}" --push --no-publish`,
    '--report "report/${{ matrix.report }}"',
    "${{ matrix.parents && '--parents-from reports' || '' }}",
  ].join(' ');
  return {
    name: `Level ${level.level}: \${{ matrix.node }} (\${{ matrix.platform }})`,
    ...(level.needs.length > 0 ? { needs: [...level.needs] } : {}),
    'runs-on': '${{ matrix.runner }}',
    'timeout-minutes': 120,
    environment: 'registry',
    permissions: SIGNING_PERMISSIONS,
    strategy: { 'fail-fast': false, matrix: { include: level.include } },
    steps: [
      ...SETUP,
      ...(level.level > 0 ? [DOWNLOAD] : []),
      {
        name: 'Build, push by digest and sign keyless, move no tag',
        env: { ...REGISTRY_ENV, ...SIGNING_ENV },
        run: build,
      },
      {
        name: 'Keep the report',
        if: '${{ always() }}',
        uses: ACTIONS.upload,
        with: { name: 'report-${{ matrix.report }}', path: 'report/', 'if-no-files-found': 'ignore' },
      },
    ],
  };
}
