import type { AffectedOptions, SelectionOptions } from '../selection-options.js';

export type TestOptions = SelectionOptions & AffectedOptions;
