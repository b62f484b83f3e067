export interface DocsCommandOptions {
  readonly out?: string;
  readonly report?: string;
  readonly fromRegistry?: boolean;
}

/** Where `catalog docs` writes by default, relative to the catalog (git-ignored). */
export const DEFAULT_DOCS_DIR = 'out/docs';
