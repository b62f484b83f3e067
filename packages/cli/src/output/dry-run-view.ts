import { formatArgv } from '@catalog/builders';
import type { BuildEvent } from '@catalog/runner';
import type { Writable } from '../io.js';
import { type ProgressView, warningLine } from './build-progress.js';

interface NodeLines {
  status?: string;
  readonly lines: string[];
}

/**
 * What `catalog build --dry-run` prints: per node, in plan order, what the run found (up to date,
 * or to build) and the exact commands it would run, then the tags it would move. Built from the
 * same events a build reports. Warnings go to `err`.
 */
export function dryRunView(out: Writable, err: Writable, order: readonly string[]): ProgressView {
  const nodes = new Map<string, NodeLines>(order.map((id) => [id, { lines: [] }]));
  const tags: string[] = [];
  const warnings: string[] = [];
  const of = (id: string): NodeLines => nodes.get(id) ?? { lines: [] };
  return {
    onEvent: (event: BuildEvent) => {
      if (event.type === 'command') of(event.id).lines.push(formatArgv(event.argv));
      else if (event.type === 'step' && event.step === 'push')
        of(event.id).lines.push(`# push ${event.detail} by digest`);
      else if (event.type === 'node') of(event.id).status = statusLine(event);
      else if (event.type === 'tagged') tags.push(`# tag ${event.id}: ${event.tags.join(' ')}`);
      else if (event.type === 'warning') warnings.push(warningLine(event) ?? '');
    },
    close: () => {
      for (const line of warnings) err.write(`${line}\n`);
      for (const [id, node] of nodes) {
        out.write(`# ${id}: ${node.status ?? 'not reached'}\n`);
        for (const line of node.lines) out.write(`${line}\n`);
      }
      for (const line of tags) out.write(`${line}\n`);
    },
  };
}

function statusLine(event: Extract<BuildEvent, { type: 'node' }>): string {
  switch (event.status) {
    case 'built':
      return 'would build';
    case 'up-to-date':
      return `up to date (${event.digest}): nothing to build`;
    case 'failed':
      return `would fail: ${event.reason}`;
    case 'skipped':
      return `skipped: ${event.reason}`;
  }
}
