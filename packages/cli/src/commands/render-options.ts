import type { AffectedOptions, SelectionOptions } from '../selection-options.js';

export interface RenderOptions extends SelectionOptions, AffectedOptions {
  readonly out?: string;
  readonly prepare?: boolean;
}

/** Where rendered Dockerfiles go by default, relative to the catalog (git-ignored). */
export const DEFAULT_RENDER_DIR = 'out/render';
