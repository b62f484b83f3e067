import type { NodeSmokeTest } from '@catalog/core';
import type { SmokeTester, SmokeTestResult } from './build/ports.js';

/**
 * The checks every image of the catalog passes, shared by `catalog build` (on the image it just
 * built) and `catalog test` (on the image in the registry): its required labels, and its smoke tests.
 */

/** The required labels an image lacks (absent or empty), in the order they are required. */
export function missingLabels(required: readonly string[], labels: Readonly<Record<string, string>>): string[] {
  return required.filter((key) => !labels[key]);
}

/** The labels in an image config (the `config.Labels` of its JSON); none when it has none. */
export function configLabels(config: Record<string, unknown>): Record<string, string> {
  return (config as { config?: { Labels?: Record<string, string> } }).config?.Labels ?? {};
}

/** One smoke test that ran, and how it went. */
export interface SmokeTestRun {
  readonly test: NodeSmokeTest;
  readonly result: SmokeTestResult;
}

export interface SmokeTestImageOptions {
  /** Cancels the test running and leaves the rest out. */
  readonly signal?: AbortSignal;
  /** Every test's output is appended here. */
  readonly logFile?: string;
  /** Called with each command a test runs (secrets hidden). */
  readonly onCommand?: (argv: readonly string[]) => void;
  /** Called as each test starts. */
  readonly onTest?: (test: NodeSmokeTest) => void;
  /** Stop at the first failure (a build: the node failed); otherwise every test runs. */
  readonly stopAtFailure?: boolean;
}

/** Runs the smoke tests in the image one after another, in order, and returns how each went. */
export async function smokeTestImage(
  image: string,
  tests: readonly NodeSmokeTest[],
  smokeTest: SmokeTester,
  options: SmokeTestImageOptions = {},
): Promise<SmokeTestRun[]> {
  const runs: SmokeTestRun[] = [];
  const runOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.onCommand ? { onCommand: options.onCommand } : {}),
  };
  for (const test of tests) {
    options.onTest?.(test);
    const result = await smokeTest(image, test, runOptions);
    runs.push({ test, result });
    if (!result.ok && options.stopAtFailure) break;
  }
  return runs;
}
