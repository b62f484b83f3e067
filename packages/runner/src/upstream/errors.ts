import { CatalogToolError } from '@catalog/core';

/** The upstream check could not finish (an index unreachable, a lock unwritable). Exit code 1. */
export class UpstreamError extends CatalogToolError {
  readonly exitCode = 1;
}
