import type { PlanFormat } from '@catalog/core';
import type { AffectedOptions, SelectionOptions } from '../selection-options.js';

export interface PlanOptions extends SelectionOptions, AffectedOptions {
  readonly format: PlanFormat;
  readonly platform?: readonly string[];
}
