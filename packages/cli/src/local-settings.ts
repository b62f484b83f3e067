import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LOCAL_SETTINGS_FILE, parseLocalSettings } from '@catalog/core';
import type { Command } from 'commander';
import type { CliIo, GlobalOptions } from './io.js';
import { catalogLocation } from './load.js';

/** The environment a command runs with, which the local settings file fills in before its action. */
export interface RunEnvironment {
  readonly env: Record<string, string | undefined>;
  /** Variable → the local settings file that set it (as shown), for what the environment did not set. */
  readonly settingsFrom: Record<string, string>;
}

/**
 * Before each command's action: reads `.catalog/local.env` next to the catalog (when there is one)
 * into the run's environment, for every variable the environment leaves unset or empty.
 */
export function readLocalSettingsBeforeActions(program: Command, io: CliIo, run: RunEnvironment): void {
  program.hook('preAction', async (_program, action) => {
    const location = catalogLocation(action.optsWithGlobals<GlobalOptions>(), io);
    const file = join(location.root, LOCAL_SETTINGS_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return; // no local settings: the usual case outside the example
    }
    const fromCwd = relative(io.cwd, file);
    const shown = fromCwd.startsWith('..') ? file : fromCwd;
    for (const [name, value] of Object.entries(parseLocalSettings(text, shown))) {
      const current = run.env[name];
      if (current !== undefined && current !== '') continue;
      run.env[name] = value;
      run.settingsFrom[name] = shown;
    }
  });
}
