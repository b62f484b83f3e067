import { createHash } from 'node:crypto';
import type { BuildRunFacts, Catalog } from '@catalog/core';
import type { BuildEventSink } from './events.js';

/**
 * How a run goes. What every node's build request shares (out, source date and revision, build-arg
 * overrides, the environment, tlsVerify, the builder's auth file) is core's BuildRunFacts.
 */
export interface BuildRunSettings extends Omit<BuildRunFacts, 'workspaceKey' | 'labelPrefix'> {
  /** Where images are published and checked: `<host>/<namespace>`. */
  readonly registry: string;
  /** Push by digest and, once the whole selected subtree built, move the tags. */
  readonly push: boolean;
  /**
   * With push: move the tags after the builds (the default). False for `build --push --no-publish`:
   * images are pushed by digest only, and `catalog publish` tags them from this and other machines' reports.
   */
  readonly publish?: boolean;
  /** The OCI platform the builds are for (this machine's, `linux/amd64`), written per node in the report. */
  readonly platform: string;
  /**
   * Parents built on other machines (`build --parents-from REPORT...`): node id → its image by digest,
   * used as the FROM of children built here.
   */
  readonly builtElsewhere?: ReadonlyMap<string, { readonly digest: string; readonly pullRef: string }>;
  readonly jobs: number;
  readonly failFast: boolean;
  readonly allowDowngrade: boolean;
  /** Skip the smoke tests after each build. */
  readonly skipTests: boolean;
  /** The catalog's folder (templates, contexts, prepare commands run from here). */
  readonly root: string;
  readonly signal?: AbortSignal;
  readonly onEvent: BuildEventSink;
  /** External parents pinned by digest (from catalog.lock.yaml, or fresh for --upstream-changed): ref → pin. */
  readonly pinnedParents?: ReadonlyMap<string, PinnedExternalParent>;
  /**
   * Nodes rebuilt even when their inputs hash the same (security fixes and age arrive through the
   * package archive); their prepare steps run with CATALOG_REFRESH=1.
   */
  readonly refresh?: ReadonlySet<string>;
  /** Append-only JSON-lines file recording every tag applied: tag → digest, and the digest it replaced. */
  readonly ledger?: string;
  /**
   * The machine-wide folder of per-repository publish locks (`<cache>/locks`): one writer per
   * repository while a tag phase picks `-rN` and moves tags. None: no lock (tests, dry runs).
   */
  readonly publishLocks?: string;
  /**
   * With --push: the SBOM and provenance of each published image, and how they are signed (with
   * ports.cosign). Absent: nothing is attached (tests of other parts).
   */
  readonly supply?: SupplySettings;
}

export interface SupplySettings {
  /** What provenance names as the catalog (core's catalogIdentity). */
  readonly catalogId: string;
  /** The provenance's builder id: the CI workflow, else a local machine. */
  readonly builderId: string;
  /** The name of the builder engine that builds the images. */
  readonly engine: string;
  readonly toolVersion: string;
  readonly signing: 'key' | 'keyless' | 'off';
}

/** An external parent as the lock pins it: by one manifest or the index, and its manifest per platform. */
export interface PinnedExternalParent {
  readonly digest: string;
  readonly pullRef: string;
  /** Platform → its manifest digest (from the lock), for nodes built for several platforms. */
  readonly platforms?: Readonly<Record<string, string>>;
}

/** What every node's build request shares, from the run's settings (see core's nodeBuildRequest). */
export function runFacts(settings: BuildRunSettings, catalog: Pick<Catalog, 'labels'>): BuildRunFacts {
  return {
    out: settings.out,
    workspaceKey: workspaceKey(settings.out),
    sourceDate: settings.sourceDate,
    revision: settings.revision,
    buildArgOverrides: settings.buildArgOverrides,
    environment: settings.environment,
    tlsVerify: settings.tlsVerify,
    ...(settings.authFile === undefined ? {} : { authFile: settings.authFile }),
    labelPrefix: catalog.labels.prefix,
  };
}

/**
 * Tells this workspace's images apart in a builder's storage, which every workspace on the machine
 * shares: a hash of the run's output folder (see core's localImageName).
 */
export function workspaceKey(out: string): string {
  return createHash('sha256').update(out).digest('hex').slice(0, 8);
}
