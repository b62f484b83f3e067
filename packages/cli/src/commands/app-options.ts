export interface AppBuildOptions {
  readonly from: string;
  readonly tag: string;
  readonly builder?: string;
}

/** Where `catalog app build` writes its build contexts, under the catalog's folder (git-ignored). */
export const APP_BUILD_DIR = 'out/app-build';
