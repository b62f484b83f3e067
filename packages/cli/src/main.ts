import { CatalogToolError, formatDiagnostic, InvalidInputError, ReportedFailure } from '@catalog/core';
import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { type CliIo, writeJson, writeLine } from './io.js';
import { type RunEnvironment, readLocalSettingsBeforeActions } from './local-settings.js';
import { createProgram } from './program.js';
import { unknownSubcommandAskedForHelp } from './unknown-command.js';

/**
 * Runs the CLI and returns the exit code. This is the one error boundary: every error becomes a
 * clear message and an exit code; a stack trace is printed only for bugs, and only with CATALOG_DEBUG=1.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  try {
    const unknown = unknownSubcommandAskedForHelp(createProgram(silent(io)), argv);
    if (unknown) throw unknown;
    const run: RunEnvironment = { env: { ...io.env }, settingsFrom: {} };
    const runIo: CliIo = { ...io, env: run.env, settingsFrom: run.settingsFrom };
    const program = createProgram(runIo);
    readLocalSettingsBeforeActions(program, io, run);
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io, json);
  }
}

/** The same io with its output dropped, for a program that only looks at the command line. */
function silent(io: CliIo): CliIo {
  const none = { write: () => true };
  return { ...io, stdout: none, stderr: none };
}

function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help text).
    const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    return benign.includes(error.code) || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof ReportedFailure) return error.exitCode;
  if (error instanceof InvalidInputError) {
    if (json) writeJson(io.stdout, { ok: false, diagnostics: error.diagnostics });
    else {
      for (const d of error.diagnostics) writeLine(io.stderr, formatDiagnostic(d));
      writeLine(io.stderr, error.message);
    }
    return error.exitCode;
  }
  if (error instanceof CatalogToolError) {
    if (json) writeJson(io.stdout, { ok: false, error: error.message, hint: error.hint ?? null });
    else writeLine(io.stderr, `catalog: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `catalog: internal error: ${message}`);
  writeLine(io.stderr, '  this is a bug in catalog; rerun with CATALOG_DEBUG=1 for the stack trace and report it');
  if (io.env.CATALOG_DEBUG && error instanceof Error && error.stack) writeLine(io.stderr, error.stack);
  return EXIT.internal;
}
