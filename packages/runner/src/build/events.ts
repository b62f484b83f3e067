import type { NodeStatus } from '@catalog/core';

export type { NodeStatus };

/** What a build run reports as it goes; the CLI turns these into a live view, lines or JSON. */
export type BuildStep = 'prepare' | 'check' | 'artifact' | 'build' | 'export' | 'push' | 'test' | 'tag';

export type BuildEvent =
  | { readonly type: 'plan'; readonly nodes: readonly string[]; readonly jobs: number; readonly builder: string }
  | { readonly type: 'step'; readonly id: string; readonly step: BuildStep; readonly detail?: string }
  | { readonly type: 'log'; readonly id: string; readonly line: string }
  /** A command about to run for the node (secrets hidden): the builder's, a smoke test's, a prepare step's. */
  | { readonly type: 'command'; readonly id: string; readonly argv: readonly string[] }
  | {
      readonly type: 'node';
      readonly id: string;
      readonly status: NodeStatus;
      readonly reason?: string;
      readonly digest?: string;
      readonly durationMs?: number;
      /** The node's compiled artifact: reused from the registry, or compiled by this run. */
      readonly artifact?: { readonly digest: string; readonly reused: boolean };
    }
  | { readonly type: 'tagged'; readonly id: string; readonly tags: readonly string[] }
  | { readonly type: 'warning'; readonly message: string };

export type BuildEventSink = (event: BuildEvent) => void;
