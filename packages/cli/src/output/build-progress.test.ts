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
