import type { BuildEvent } from '@catalog/runner';
import { describe, expect, it } from 'vitest';
import { liveProgress, plainProgress } from './build-progress.js';
import { dryRunView } from './dry-run-view.js';

function sink(): { write: (chunk: string) => boolean; text: () => string } {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

const warning: BuildEvent = { type: 'warning', message: 'python:3.13.5: registry not checked (refused); building' };
const node: BuildEvent = { type: 'node', id: 'python:3.13.5', status: 'built', digest: 'sha256:abc', durationMs: 1000 };

describe('build views print warnings on stderr', () => {
  it('plain lines: progress on stdout, the warning on stderr', () => {
    const out = sink();
    const err = sink();
    const view = plainProgress(out, err, () => new Date(0));
    view.onEvent(warning);
    view.onEvent(node);
    view.close();
    expect(err.text()).toBe('catalog: warning: python:3.13.5: registry not checked (refused); building\n');
    expect(out.text()).toBe('1970-01-01T00:00:00.000Z python:3.13.5: built (sha256:abc, 1.0s)\n');
  });

  it('a node line says whether its compiled artifact was reused or compiled', () => {
    const out = sink();
    const view = plainProgress(out, sink(), () => new Date(0));
    view.onEvent({ ...node, artifact: { digest: 'sha256:def', reused: true } } as BuildEvent);
    view.onEvent({ ...node, id: 'python:3.11.2', artifact: { digest: 'sha256:fed', reused: false } } as BuildEvent);
    view.close();
    expect(out.text()).toContain('python:3.13.5: built (sha256:abc, 1.0s, reused artifact sha256:def)\n');
    expect(out.text()).toContain('python:3.11.2: built (sha256:abc, 1.0s, compiled artifact sha256:fed)\n');
  });

  it('the live view', () => {
    const out = sink();
    const err = sink();
    const view = liveProgress(out, err);
    view.onEvent(warning);
    view.close();
    expect(err.text()).toContain('catalog: warning: python:3.13.5: registry not checked');
    expect(out.text()).not.toContain('warning');
  });

  it('the dry run: commands on stdout, warnings on stderr', () => {
    const out = sink();
    const err = sink();
    const view = dryRunView(out, err, ['python:3.13.5']);
    view.onEvent(warning);
    view.onEvent(node);
    view.close();
    expect(err.text()).toBe('catalog: warning: python:3.13.5: registry not checked (refused); building\n');
    expect(out.text()).toBe('# python:3.13.5: would build\n');
  });
});

/** A terminal `columns` wide that records what is written and can be resized. */
function terminal(columns: number) {
  const listeners = new Set<() => void>();
  const term = {
    text: '',
    isTTY: true,
    columns,
    write(chunk: string) {
      term.text += chunk;
      return true;
    },
    on: (_event: 'resize', listener: () => void) => listeners.add(listener),
    off: (_event: 'resize', listener: () => void) => listeners.delete(listener),
    resize(to: number) {
      term.columns = to;
      for (const listener of listeners) listener();
    },
    listeners,
  };
  return term;
}

/** The lines last drawn (after the last cursor-up-and-clear), escapes removed. */
function lastDrawn(text: string): string[] {
  const after = text.split('\x1b[J').at(-1) ?? '';
  return after.split('\n').filter(Boolean);
}

const LOG = `Collecting ${'very-long-package-name-'.repeat(8)}`;

describe('the live view fits the terminal', () => {
  it.each([40, 120])('cuts every redrawn line to %i columns', (columns) => {
    const out = terminal(columns);
    const view = liveProgress(out, sink(), () => 0);
    view.onEvent({ type: 'plan', nodes: ['flask:3.1.1-python3.13'], builder: 'buildah', jobs: 1 });
    view.onEvent({ type: 'step', id: 'flask:3.1.1-python3.13', step: 'build' });
    view.onEvent({ type: 'log', id: 'flask:3.1.1-python3.13', line: LOG });
    const lines = lastDrawn(out.text);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThan(columns);
    expect(lines[0]).toMatch(/^ +0\.0s {2}flask:3\.1\.1-python3\.13 {2}bu.*…$/);
    expect(lines[0]).toHaveLength(columns - 1);
    view.close();
  });

  it('reads the width again when the terminal is resized, and stops listening on close', () => {
    const out = terminal(120);
    const view = liveProgress(out, sink(), () => 0);
    view.onEvent({ type: 'step', id: 'flask:3.1.1-python3.13', step: 'build' });
    view.onEvent({ type: 'log', id: 'flask:3.1.1-python3.13', line: LOG });
    expect(lastDrawn(out.text)[0]).toHaveLength(119);
    out.resize(40);
    expect(lastDrawn(out.text)[0]).toHaveLength(39);
    view.close();
    expect(out.listeners.size).toBe(0);
  });
});
