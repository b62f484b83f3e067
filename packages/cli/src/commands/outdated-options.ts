export interface OutdatedOptions {
  /** Rewrite pinned `-rN` tags and digests that fell behind, in place. */
  readonly write?: boolean;
}

/** What `catalog outdated` searches when no path is given. */
export const DEFAULT_OUTDATED_PATHS = ['.'];
