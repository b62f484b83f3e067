import type { AffectedOptions, SelectionOptions } from '../selection-options.js';

export interface BuildOptions extends SelectionOptions, AffectedOptions {
  readonly push?: boolean;
  /** False with --no-publish. */
  readonly publish: boolean;
  readonly parentsFrom?: readonly string[];
  /** --platform: only this one of each node's platforms. */
  readonly platform?: string;
  readonly builder?: string;
  readonly jobs?: string;
  readonly failFast?: boolean;
  readonly dryRun?: boolean;
  readonly allowDowngrade?: boolean;
  readonly test: boolean;
  /** false with --no-sign: publish unsigned. */
  readonly sign?: boolean;
  readonly report?: string;
  readonly out?: string;
  readonly upstreamChanged?: boolean;
  readonly lock?: string;
}

/** Where builds keep their contexts, OCI layouts, logs, lock and last report (git-ignored). */
export const DEFAULT_BUILD_DIR = 'out';

/** The publish ledger under the working folder: one JSON line per tag applied (tag → digest, previous). */
export const LEDGER_FILE = 'publish-ledger.jsonl';
