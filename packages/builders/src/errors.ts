import { CatalogToolError } from '@catalog/core';

/**
 * A builder is missing, cannot be started, cannot do what the plan needs, or was given a request it
 * cannot express. `hint` says what to install or which builder to use instead.
 */
export class BuilderError extends CatalogToolError {
  readonly exitCode = 1;
}
