import type { SelectionOptions } from '../selection-options.js';

/** `catalog sources` takes the selection options only. */
export type SourcesOptions = SelectionOptions;
