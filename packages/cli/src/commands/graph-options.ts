import type { GraphFormat } from '@catalog/core';

export interface GraphOptions {
  readonly format: GraphFormat;
}
