import type { Builder, Cosign, ProcessResult, RunOptions } from '@catalog/builders';
import type { NodeSmokeTest } from '@catalog/core';
import type { RegistryClient } from '@catalog/registry';
import { fileRunStore, type RunStore } from './run-store.js';
import type { BuildRunSettings } from './settings.js';

/** What a build run needs of a registry; the real RegistryClient, or a fake in tests. */
export type RegistryPort = Pick<RegistryClient, 'resolve' | 'imageLabels' | 'listTags' | 'pushOciLayout' | 'tag'> &
  Partial<Pick<RegistryClient, 'pushArtifact' | 'fetchArtifact' | 'platformDigests' | 'pushIndex'>>;

/** Runs a command (prepare steps); the builders package's runProcess. */
export type RunCommand = (argv: readonly string[], options: RunOptions) => Promise<ProcessResult>;

export interface SmokeTestResult {
  readonly ok: boolean;
  readonly output: string;
}

/** A command run in an image: a node's smoke test, or the runner's own package list, which always prints. */
export type ImageCommand = NodeSmokeTest & { readonly printsOutput?: boolean };
/** Runs one smoke test (or the package list) in a built image. */
export type SmokeTester = (image: string, test: ImageCommand, options: RunOptions) => Promise<SmokeTestResult>;

export interface BuildPorts {
  readonly builder: Builder;
  /**
   * The image config (labels, env, …) of an exported OCI layout, the builders package's
   * readOciConfig; undefined when nothing was built there (a builder that records, in a dry run).
   */
  readonly readImageConfig: (ociLayoutDir: string) => Promise<Record<string, unknown> | undefined>;
  readonly registry: RegistryPort;
  readonly runCommand: RunCommand;
  readonly smokeTest: SmokeTester;
  /**
   * Removes what killed runs left in the builder's storage (their smoke-test containers) and
   * returns a description of each thing removed; called once the run holds its lock.
   */
  readonly removeLeftovers?: () => Promise<readonly string[]>;
  /** Signs published images and attaches their attestations (settings.supply.signing not off). */
  readonly cosign?: Cosign;
  /** Default: files under the run's output folder (fileRunStore). */
  readonly store?: RunStore;
}

/** Turns the commands run for a node into `command` events. */
export function commandSink(
  context: { readonly settings: Pick<BuildRunSettings, 'onEvent'> },
  job: { readonly node: { readonly id: string } },
): (argv: readonly string[]) => void {
  return (argv) => context.settings.onEvent({ type: 'command', id: job.node.id, argv: [...argv] });
}

/** The run's store: the one its ports give, else files under the output folder. */
export function runStore(context: {
  readonly ports: Pick<BuildPorts, 'store'>;
  readonly settings: Pick<BuildRunSettings, 'out' | 'ledger'>;
}): RunStore {
  return context.ports.store ?? fileRunStore(context.settings.out, context.settings.ledger);
}
