import { randomUUID } from 'node:crypto';
import {
  type CatalogNode,
  cyclonedxSbom,
  digestReference,
  hostPlatform,
  type NodeReportSupply,
  osFamily,
  outputPlatform,
  provenanceStatement,
  type RenderedNode,
  type SourceBuiltComponent,
  sbomPackageCount,
} from '@catalog/core';
import { publishProvenance, publishSbom } from '../upstream/package-list.js';
import type { BuildStep } from './events.js';
import { NodeFailure } from './node-failure.js';
import { type BuildPorts, commandSink, runStore } from './ports.js';
import type { RunStore } from './run-store.js';
import type { BuildRunSettings, SupplySettings } from './settings.js';

/** What the supply-chain step reads of the pipeline's job (NodeJob has it). */
interface SupplyJob {
  readonly node: Pick<CatalogNode, 'id' | 'image' | 'version' | 'platforms'>;
  readonly rendered: Pick<RenderedNode, 'family'>;
  /** What the node's lineage builds from source (`source`/`sources` variables of it and its ancestors). */
  readonly builtFromSource: readonly SourceBuiltComponent[];
}

interface SupplyContext {
  readonly settings: Pick<BuildRunSettings, 'out' | 'ledger' | 'onEvent' | 'supply' | 'revision'>;
  readonly ports: Pick<BuildPorts, 'registry' | 'store' | 'cosign'>;
}

/** The build's facts provenance records. */
export interface SupplyBuildFacts {
  readonly repository: string;
  /** The pushed manifest. */
  readonly pushed: { readonly digest: string; readonly mediaType: string; readonly size: number };
  readonly inputHash: string;
  /** The image's platform, e.g. `linux/amd64` (the SBOM's purls carry its architecture). */
  readonly platform: string;
  readonly parent: { readonly reference: string; readonly digest: string } | null;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly startedOn: Date;
  readonly logFile: string;
  readonly signal: AbortSignal;
  readonly step: (name: BuildStep, detail?: string) => void;
}

/** The SBOM, provenance and signatures of a node's pushed image, from the pipeline's step input. */
export function publishNodeSupply(
  job: SupplyJob,
  context: SupplyContext,
  input: {
    readonly request: { readonly buildArgs: Readonly<Record<string, string>>; readonly platform?: string };
    readonly logFile: string;
    readonly signal: AbortSignal;
    readonly step: (name: BuildStep, detail?: string) => void;
    readonly published?: {
      readonly parent: { readonly pullRef: string; readonly digest: string } | null;
      readonly inputHash: string;
      readonly startedOn: Date;
    };
  },
  target: Pick<SupplyBuildFacts, 'repository' | 'pushed'>,
): Promise<NodeReportSupply | undefined> {
  const published = input.published ?? { parent: null, inputHash: '', startedOn: new Date() };
  const parent = published.parent;
  return publishSupplyChain(job, context, {
    ...target,
    inputHash: published.inputHash,
    platform: input.request.platform ?? hostPlatform(process.arch) ?? 'linux/amd64',
    parent: parent ? { reference: parent.pullRef, digest: parent.digest } : null,
    buildArgs: input.request.buildArgs,
    startedOn: published.startedOn,
    logFile: input.logFile,
    signal: input.signal,
    step: input.step,
  });
}

/**
 * After a push: the image's CycloneDX SBOM (from the package list the build recorded) and its
 * SLSA v1 provenance, written under `<out>/supply/<node>/`, stored next to the image as OCI
 * artifacts whose subject is its digest (the upstream check reads the SBOM there), then, when the
 * run signs, the image signed and both attached as signed attestations with cosign.
 */
export async function publishSupplyChain(
  job: SupplyJob,
  context: SupplyContext,
  facts: SupplyBuildFacts,
): Promise<NodeReportSupply | undefined> {
  const supply = context.settings.supply;
  if (!supply) return undefined;
  const store = runStore(context);
  const { repository, pushed } = facts;
  const { bom, statement } = await documents(job, context.settings.revision, supply, facts, store);
  facts.step('push', 'SBOM and provenance');
  // A node built for several platforms has a set of files per platform (core's outputPlatform).
  const platform = outputPlatform(job.node, facts.platform);
  const write = (file: string, value: unknown) =>
    store.writeSupplyFile(job.node.id, file, `${JSON.stringify(value, null, 2)}\n`, platform);
  const sbomFile = bom ? await write('sbom.cdx.json', bom) : undefined;
  const provenanceFile = await write('provenance.slsa.json', statement.predicate);
  await write('provenance.intoto.json', statement);
  await storeArtifacts(context, repository, pushed, bom, statement);
  if (!bom)
    context.settings.onEvent({
      type: 'warning',
      message: `${job.node.id}: no SBOM (the package list is recorded by the smoke-test step; --no-test skips it)`,
    });
  const counts = bom ? { sbomPackages: sbomPackageCount(bom) } : {};
  const cosign = context.ports.cosign;
  if (supply.signing === 'off' || !cosign) return { signed: false, ...counts };
  const reference = digestReference(repository, pushed.digest);
  const options = { signal: facts.signal, logFile: facts.logFile, onCommand: commandSink(context, job) };
  facts.step('push', `signing ${reference}`);
  await signed(async () => {
    await cosign.sign(reference, options);
    if (sbomFile) await cosign.attest(reference, sbomFile, 'cyclonedx', options);
    await cosign.attest(reference, provenanceFile, 'slsaprovenance1', options);
  });
  return { signed: true, signing: supply.signing, ...counts };
}

/**
 * After the image index of a node built for several platforms is pushed: the index signed by
 * digest, as its platforms were (what `cosign verify <tag>` checks, since its tags name the index).
 * Its attestations stay on each platform's manifest (one SBOM per platform). A failure fails the
 * node, as a platform's signature does. Undefined when the run attaches nothing; false when it
 * does not sign.
 */
export async function signImageIndex(
  job: Pick<SupplyJob, 'node'>,
  context: SupplyContext,
  index: { readonly repository: string; readonly digest: string },
  steps: Pick<SupplyBuildFacts, 'signal' | 'logFile' | 'step'>,
): Promise<boolean | undefined> {
  const supply = context.settings.supply;
  if (!supply) return undefined;
  const cosign = context.ports.cosign;
  if (supply.signing === 'off' || !cosign) return false;
  const reference = digestReference(index.repository, index.digest);
  steps.step('push', `signing the image index ${reference}`);
  const options = { signal: steps.signal, logFile: steps.logFile, onCommand: commandSink(context, job) };
  await signed(() => cosign.sign(reference, options));
  return true;
}

/** The SBOM (when the build recorded a package list) and the provenance statement of the pushed image. */
async function documents(
  job: SupplyJob,
  revision: string,
  supply: SupplySettings,
  facts: SupplyBuildFacts,
  store: RunStore,
) {
  const now = new Date();
  const recorded = await store.readSbom(job.node.id, outputPlatform(job.node, facts.platform));
  const image = {
    repository: facts.repository,
    digest: facts.pushed.digest,
    nodeId: job.node.id,
    platform: facts.platform,
  };
  const bom = recorded
    ? cyclonedxSbom({
        ...image,
        version: job.node.version,
        recorded,
        family: osFamily(job.rendered.family),
        builtFromSource: job.builtFromSource,
        timestamp: now.toISOString(),
        toolVersion: supply.toolVersion,
      })
    : undefined;
  const statement = provenanceStatement({
    ...image,
    catalog: supply.catalogId,
    revision: revision || undefined,
    inputHash: facts.inputHash,
    parent: facts.parent,
    buildArgs: facts.buildArgs,
    sources: job.builtFromSource.flatMap((s) =>
      s.url ? [{ url: s.url, sha256: s.sha256, name: `${s.image}:${s.version} (${s.declaredAt})` }] : [],
    ),
    builder: { id: supply.builderId, engine: supply.engine, toolVersion: supply.toolVersion },
    startedOn: facts.startedOn.toISOString(),
    finishedOn: now.toISOString(),
    invocationId: randomUUID(),
  });
  return { bom, statement };
}

async function storeArtifacts(
  context: SupplyContext,
  repository: string,
  subject: SupplyBuildFacts['pushed'],
  bom: unknown,
  statement: unknown,
): Promise<void> {
  const push = context.ports.registry.pushArtifact;
  if (!push) return;
  const writer = { pushArtifact: push.bind(context.ports.registry) };
  const now = new Date();
  try {
    if (bom) await publishSbom(writer, repository, subject, JSON.stringify(bom), now);
    await publishProvenance(writer, repository, subject, JSON.stringify(statement), now);
  } catch (error) {
    throw new NodeFailure(
      `could not store the SBOM or provenance of ${repository}@${subject.digest}: ${(error as Error).message}`,
    );
  }
}

async function signed(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    throw new NodeFailure(`${(error as Error).message}${hint ? ` (${hint})` : ''}`);
  }
}
