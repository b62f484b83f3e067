import { closestMatch } from '@catalog/core';
import type { TargetConfiguration } from '@nx/devkit';
import { TARGET_NAME_OPTIONS, type TargetNameOptions, type TargetNames, targetNames } from './target-names.js';

/** One input of a target, as nx.json writes it (a file set, a named input, external dependencies...). */
export type InputDefinition = NonNullable<TargetConfiguration['inputs']>[number];

/** The plugin's options: its entry's `options` in nx.json's `plugins`. */
export interface PluginOptions extends TargetNameOptions {
  /** The catalog file, relative to the workspace root (default `catalog.yaml`). */
  readonly catalog?: string;
  /** How to run the catalog command (default `catalog`, the bin of @catalog/cli). */
  readonly command?: string;
  /**
   * More inputs of the render target, for the catalog tool itself: e.g. `{ "externalDependencies":
   * ["@catalog/cli"] }` where it is installed from a registry, or its projects' inputs here.
   */
  readonly renderInputs?: readonly InputDefinition[];
}

/** The options with their defaults filled in. */
export interface ResolvedOptions {
  readonly catalog: string;
  readonly command: string;
  readonly renderInputs: readonly InputDefinition[];
  readonly targets: TargetNames;
}

export const DEFAULT_CATALOG = 'catalog.yaml';

const KNOWN_OPTIONS: readonly string[] = ['catalog', 'command', 'renderInputs', ...Object.values(TARGET_NAME_OPTIONS)];

/** Rejects an option the plugin does not know (a misspelt one would be ignored without a word). */
function checkKnown(options: object): void {
  for (const key of Object.keys(options)) {
    if (KNOWN_OPTIONS.includes(key)) continue;
    const near =
      closestMatch(key, KNOWN_OPTIONS) ?? KNOWN_OPTIONS.find((k) => k.toLowerCase().startsWith(key.toLowerCase()));
    throw new Error(
      `@catalog/nx-plugin: unknown option ${key}${near ? ` (did you mean ${near}?)` : ''}: ` +
        `rename or remove it in nx.json; the options are ${KNOWN_OPTIONS.join(', ')}`,
    );
  }
}

/** The options as given in nx.json, checked (an error names the option and the fix) and completed. */
export function resolveOptions(options: PluginOptions = {}): ResolvedOptions {
  checkKnown(options);
  return {
    catalog: options.catalog ?? DEFAULT_CATALOG,
    command: options.command ?? 'catalog',
    renderInputs: options.renderInputs ?? [],
    targets: targetNames(options),
  };
}
