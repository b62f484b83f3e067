import type {
  BuildRequest,
  BuildSecretSpec,
  BuildStageParent,
  Catalog,
  CatalogGraph,
  CatalogNode,
  NodePrepareStep,
  NodeReportArtifact,
  NodeReportSupply,
  NodeSmokeTest,
  ParentPin,
  RenderedNode,
  SourceBuiltComponent,
} from '@catalog/core';
import type { BuildStep, NodeStatus } from './events.js';
import type { BuildPorts } from './ports.js';
import type { BuildRunSettings } from './settings.js';

/** One node's work, ready to run: what was rendered and where it was written. */
export interface NodeJob {
  readonly node: CatalogNode;
  readonly rendered: RenderedNode;
  /** The written build folder (Dockerfile + context). */
  readonly dir: string;
  readonly prepare?: NodePrepareStep;
  readonly tests: readonly NodeSmokeTest[];
  /** The image's declared build secrets (their files come from the environment at build time). */
  readonly secrets: readonly BuildSecretSpec[];
  /** The image's compiled-artifact stage (see artifact-step.ts). */
  readonly artifact?: { readonly stage: string };
  /** What the node's lineage builds from source (its and its ancestors' `source`/`sources`), for the SBOM and provenance. */
  readonly builtFromSource: readonly SourceBuiltComponent[];
}

export interface NodeResult {
  readonly id: string;
  readonly status: NodeStatus;
  readonly reason?: string;
  /** The manifest digest (built here, or found up to date in the registry). */
  readonly digest?: string;
  /** How a child's FROM reaches this image: the registry by digest, or the builder's local name. */
  readonly pullRef?: string;
  readonly inputHash?: string;
  readonly durationMs?: number;
  readonly logFile?: string;
  readonly tail?: readonly string[];
  /** The node's compiled artifact: its key, digest, and whether it was reused from the registry. */
  readonly artifact?: NodeReportArtifact;
  /** Per platform, for a node built for several (its `digest` is then its image index's, when pushed). */
  readonly platforms?: readonly PlatformResult[];
  /** Its signature and attestations, when it was pushed. */
  readonly supply?: NodeReportSupply;
}

export interface PipelineContext {
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  readonly settings: BuildRunSettings;
  readonly ports: BuildPorts;
  /** Results of the nodes finished so far in this run. */
  readonly results: ReadonlyMap<string, NodeResult>;
}

/** One platform's image of a node built for several: its own manifest, pin and input hash. */
export interface PlatformResult {
  readonly platform: string;
  readonly digest: string;
  readonly pullRef: string;
  readonly inputHash: string;
}

/** What building a node's platforms gave: its status and image (an index for several platforms). */
export type NodeOutcome = Pick<
  NodeResult,
  'status' | 'digest' | 'pullRef' | 'inputHash' | 'artifact' | 'platforms' | 'supply'
>;

export interface NodeSteps {
  readonly logFile: string;
  readonly signal: AbortSignal;
  readonly step: (name: BuildStep, detail?: string) => void;
}

/**
 * What one platform's build is pinned to: its parent, and the parent of its stages that run on the
 * build machine when that is another platform's image (cross-compiling, see parent-pin.ts).
 */
export interface PlatformPins {
  readonly parent: ParentPin | null;
  readonly buildParent?: BuildStageParent;
}

/** One platform's build: its pins and input hash. */
export interface PlatformInput extends PlatformPins {
  readonly platform: string;
  readonly hash: string;
}

export interface BuildStepsInput extends NodeSteps {
  readonly request: BuildRequest;
  /** What provenance records of this build. */
  readonly published?: { readonly parent: ParentPin | null; readonly inputHash: string; readonly startedOn: Date };
}
