import {
  type Builder,
  type BuilderAdapter,
  type BuildResult,
  buildCommands,
  type Cosign,
  type CosignSettings,
  createCosign,
  type ProcessResult,
  type RunFn,
  redactArgv,
} from '@catalog/builders';
import { type BuildRequest, placeholder } from '@catalog/core';
import type { BuildPorts, RegistryPort, SmokeTester } from './ports.js';
import { type LedgerEntry, packageListFile, type RunStore, supplyFile } from './run-store.js';

/**
 * The edges of a dry run: the same pipeline as a build (runBuild), with a builder, a smoke tester
 * and registry writes that record instead of acting. Registry reads and prepare steps are real, so
 * "up to date" is reported truthfully; what only a build can know (digests, input hashes over
 * them, container names) comes out as placeholders. Every command the builder and the smoke tests
 * would run is reported through the run's `command` events, made by the engine's own argv code.
 */
export interface RealEdges {
  /** The engine (its argv is what is recorded). */
  readonly adapter: BuilderAdapter;
  /** Its smoke tests, with a process runner (the recording one is put in). */
  /** `containerName` names working containers (a placeholder here: only a build knows the name). */
  readonly smokeTester: (run: RunFn, containerName: () => string) => SmokeTester;
  /** Read from, never written to. */
  readonly registry: RegistryPort;
  readonly runCommand: BuildPorts['runCommand'];
  /** How the run would sign: its cosign commands are recorded, none runs. Absent: it would not sign. */
  readonly cosign?: CosignSettings;
  /** The run's output folder (the paths of the SBOM and provenance files in the recorded commands). */
  readonly out: string;
}

export function recordingPorts(real: RealEdges): BuildPorts {
  const digests = new Map<string, string>();
  return {
    builder: recordingBuilder(real.adapter, digests),
    readImageConfig: async () => undefined,
    registry: recordingRegistry(real.registry, digests),
    runCommand: real.runCommand,
    smokeTest: recordingSmokeTester(real.smokeTester),
    store: memoryStore(real.out),
    ...(real.cosign ? { cosign: createCosign(real.cosign, recordingRun) } : {}),
  };
}

/**
 * The edges of a dry run of `catalog publish`: the same publishReports with registry writes (index
 * pushes, tags) that record instead of acting, a ledger kept in memory, and (when it would sign)
 * cosign's commands recorded, none run. Reads are real.
 */
export function recordingPublishPorts(
  real: RegistryPort,
  out: string,
  cosign?: CosignSettings,
): { registry: RegistryPort; store: RunStore; cosign?: Cosign } {
  return {
    registry: recordingRegistry(real, new Map()),
    store: memoryStore(out),
    ...(cosign ? { cosign: createCosign(cosign, recordingRun) } : {}),
  };
}

/** The placeholder digest of the image a request builds (its local name ends in the node id). */
function digestOf(request: Pick<BuildRequest, 'image'>): string {
  return placeholder(`digest of ${request.image.split('/').pop() ?? request.image}`);
}

/** Reports the engine's build and export commands, builds nothing. Layout folder → digest in `digests`. */
function recordingBuilder(adapter: BuilderAdapter, digests: Map<string, string>): Builder {
  return {
    ...adapter,
    async build(request, hooks = {}): Promise<BuildResult> {
      const commands = buildCommands(adapter, request);
      hooks.onCommand?.(redactArgv(commands.build), 'build');
      const layoutDir = request.ociLayoutDir;
      const exportArgv = commands.export;
      if (exportArgv) hooks.onCommand?.(redactArgv(exportArgv), 'export');
      const digest = digestOf(request);
      if (layoutDir !== undefined) digests.set(layoutDir, digest);
      return {
        ok: true,
        step: exportArgv ? 'export' : 'build',
        exitCode: 0,
        aborted: false,
        durationMs: 0,
        tail: [],
        imageId: undefined,
        manifestDigest: digest,
        ociLayoutDir: layoutDir,
      };
    },
    async remove(image, hooks = {}) {
      const argv = adapter.removeArgv(image);
      if (argv) hooks.onCommand?.(redactArgv(argv), 'remove');
      return null;
    },
  };
}

/** Reads pass through; pushes and tags are not made (a pushed layout keeps its placeholder digest; a tag is remembered). */
function recordingRegistry(real: RegistryPort, digests: ReadonlyMap<string, string>): RegistryPort {
  // Tags the run would have written, so its read-back of each `-rN` sees them.
  const tagged = new Map<string, string>();
  return {
    resolve: async (reference) => {
      const digest = tagged.get(reference);
      if (digest) return { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 0 };
      return real.resolve(reference);
    },
    imageLabels: (reference, options) => real.imageLabels(reference, options),
    listTags: (repository, options) => real.listTags(repository, options),
    ...(real.fetchArtifact ? { fetchArtifact: real.fetchArtifact.bind(real) } : {}),
    pushOciLayout: async (layoutDir) => {
      const digest = digests.get(layoutDir) ?? placeholder(`digest of ${layoutDir}`);
      return { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 0, blobs: [] };
    },
    ...(real.platformDigests ? { platformDigests: real.platformDigests.bind(real) } : {}),
    tag: async (repository, digest, tag) => void tagged.set(`${repository}:${tag}`, digest),
    pushArtifact: async (repository, tag) => placeholder(`digest of ${repository}:${tag}`),
    pushIndex: async (repository, entries) => ({
      digest: placeholder(`index of ${entries.map((e) => e.platform).join(' + ')} in ${repository}`),
      mediaType: 'application/vnd.oci.image.index.v1+json',
      size: 0,
    }),
  };
}

/** Runs nothing and succeeds: the caller reported the command (cosign's commands). */
const recordingRun: RunFn = async () => ({ exitCode: 0, signal: undefined, aborted: false, durationMs: 0, tail: [] });

/** Reports the commands a smoke test runs (with a placeholder container), runs none, passes. */
function recordingSmokeTester(smokeTester: RealEdges['smokeTester']): SmokeTester {
  const record: RunFn = async (argv, options): Promise<ProcessResult> => {
    options.onCommand?.(redactArgv(argv));
    options.onLine?.(placeholder('container'), 'stdout');
    return { exitCode: 0, signal: undefined, aborted: false, durationMs: 0, tail: [] };
  };
  const tester = smokeTester(record, () => placeholder('container'));
  return async (image, test, options) => {
    await tester(image, test, options);
    return { ok: true, output: '' };
  };
}

/** Keeps SBOMs, the report and ledger lines in memory: a dry run writes none of them. */
function memoryStore(out: string): RunStore & { readonly ledger: LedgerEntry[] } {
  const sboms = new Map<string, string>();
  const ledger: LedgerEntry[] = [];
  return {
    ledger,
    writeSbom: async (id, text, platform) => void sboms.set(packageListFile(out, id, platform), text),
    readSbom: async (id, platform) => sboms.get(packageListFile(out, id, platform)),
    writeSupplyFile: async (id, file, _text, platform) => supplyFile(out, id, file, platform),
    writeReport: async () => {},
    appendLedger: async (entries) => void ledger.push(...entries),
  };
}
