/**
 * SLSA v1 provenance of a published image, as an in-toto statement: who built it (the builder),
 * how (the catalog's build type, the node, its build args), from what (the catalog's commit and
 * input hash, the parent's digest, the downloaded sources with their checksums).
 */
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const CYCLONEDX_PREDICATE_TYPE = 'https://cyclonedx.org/bom';
/** The catalog's build type: a node of a catalog.yaml rendered and built by `catalog build`. */
export const CATALOG_BUILD_TYPE = 'urn:catalog:build-type:image:v1';
/** The builder id when no CI names one (a machine running `catalog build`). */
export const LOCAL_BUILDER_ID = 'urn:catalog:builder:local';

export interface ResourceDescriptor {
  readonly uri?: string;
  readonly digest: Readonly<Record<string, string>>;
  readonly name?: string;
}

export interface ProvenanceInput {
  /** `host/ns/python`. */
  readonly repository: string;
  readonly digest: string;
  readonly nodeId: string;
  /** What names this catalog: its `labels.source`, else its registry (see catalogIdentity). */
  readonly catalog: string;
  /** The catalog's commit (`git rev-parse HEAD`), when known. */
  readonly revision: string | undefined;
  readonly inputHash: string;
  readonly parent: { readonly reference: string; readonly digest: string } | null;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly sources: readonly { readonly url: string; readonly sha256: string | null; readonly name: string }[];
  readonly platform: string;
  readonly builder: { readonly id: string; readonly engine: string; readonly toolVersion: string };
  readonly startedOn: string;
  readonly finishedOn: string;
  readonly invocationId: string;
}

export interface ProvenanceStatement {
  readonly _type: string;
  readonly subject: readonly ResourceDescriptor[];
  readonly predicateType: string;
  readonly predicate: ProvenancePredicate;
}

export interface ProvenancePredicate {
  readonly buildDefinition: {
    readonly buildType: string;
    readonly externalParameters: {
      readonly catalog: string;
      readonly node: string;
      readonly revision?: string;
      readonly platform: string;
      readonly buildArgs: Readonly<Record<string, string>>;
    };
    readonly internalParameters: { readonly inputHash: string; readonly engine: string };
    readonly resolvedDependencies: readonly ResourceDescriptor[];
  };
  readonly runDetails: {
    readonly builder: { readonly id: string; readonly version: Readonly<Record<string, string>> };
    readonly metadata: { readonly invocationId: string; readonly startedOn: string; readonly finishedOn: string };
  };
}

/** What names a catalog in provenance: its `labels.source` (its repository), else its registry. */
export function catalogIdentity(catalog: {
  readonly registry: string;
  readonly labels: { readonly source?: string };
}): string {
  return catalog.labels.source ?? catalog.registry;
}

/** The digest map of `sha256:<hex>`: `{ sha256: <hex> }`. */
function digestMap(digest: string): Record<string, string> {
  const [algorithm, hex] = digest.split(':');
  return algorithm && hex ? { [algorithm]: hex } : {};
}

/** Build args as provenance shows them: a mirror URL's `user:password@` becomes `***@`. */
function withoutUserInfo(args: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(args).map(([name, value]) => [name, value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@')]),
  );
}

export function provenanceStatement(input: ProvenanceInput): ProvenanceStatement {
  const dependencies: ResourceDescriptor[] = [
    ...(input.revision
      ? [{ uri: `git+${input.catalog}`, digest: { gitCommit: input.revision }, name: 'catalog' }]
      : []),
    ...(input.parent ? [{ uri: input.parent.reference, digest: digestMap(input.parent.digest), name: 'parent' }] : []),
    ...input.sources.map((source) => ({
      uri: source.url,
      digest: source.sha256 ? { sha256: source.sha256 } : ({} as Record<string, string>),
      name: source.name,
    })),
  ];
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: input.repository, digest: digestMap(input.digest) }],
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: CATALOG_BUILD_TYPE,
        externalParameters: {
          catalog: input.catalog,
          node: input.nodeId,
          ...(input.revision ? { revision: input.revision } : {}),
          platform: input.platform,
          buildArgs: withoutUserInfo(input.buildArgs),
        },
        internalParameters: { inputHash: input.inputHash, engine: input.builder.engine },
        resolvedDependencies: dependencies,
      },
      runDetails: {
        builder: { id: input.builder.id, version: { catalog: input.builder.toolVersion } },
        metadata: { invocationId: input.invocationId, startedOn: input.startedOn, finishedOn: input.finishedOn },
      },
    },
  };
}
