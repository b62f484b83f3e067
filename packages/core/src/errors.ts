import type { Diagnostic } from './diagnostics.js';

/**
 * Base of every error the tool raises on purpose. The CLI prints `message` (and `hint`) and exits
 * with `exitCode`; anything that is not a CatalogToolError is a bug and is reported as one.
 */
export abstract class CatalogToolError extends Error {
  abstract readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** The catalog (or another input file) is invalid. Carries every problem found, not just the first. */
export class InvalidInputError extends CatalogToolError {
  readonly exitCode = 1;
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const count = diagnostics.filter((d) => d.severity === 'error').length;
    super(`${count} error${count === 1 ? '' : 's'} in ${diagnostics[0]?.file ?? 'input'}`);
    this.diagnostics = diagnostics;
  }
}

/** The command line asked for something that does not exist or does not fit (exit code 2). */
export class UsageError extends CatalogToolError {
  readonly exitCode = 2;
}

/**
 * The command already reported what went wrong (lint findings, a build summary); the CLI only
 * turns this into the exit code, printing nothing more.
 */
export class ReportedFailure extends CatalogToolError {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
