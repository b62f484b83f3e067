import type { AffectedOptions, SelectionOptions } from '../selection-options.js';

export interface TagsOptions extends SelectionOptions, AffectedOptions {
  readonly offline?: boolean;
}
