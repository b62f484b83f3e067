import type { BuildEvent } from '@catalog/runner';
import type { Writable } from '../io.js';

/** Turns build events into output; `close` ends a live view. */
export interface ProgressView {
  readonly onEvent: (event: BuildEvent) => void;
  readonly close: () => void;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

function describe(event: BuildEvent): string | undefined {
  switch (event.type) {
    case 'plan':
      return `building ${event.nodes.length} node${event.nodes.length === 1 ? '' : 's'} with ${event.builder}, ${event.jobs} at a time`;
    case 'step':
      return `${event.id}: ${event.step}${event.detail ? ` ${event.detail}` : ''}`;
    case 'node': {
      const artifact = event.artifact
        ? `${event.artifact.reused ? 'reused' : 'compiled'} artifact ${event.artifact.digest}`
        : undefined;
      const extra = [
        event.digest,
        event.durationMs !== undefined ? seconds(event.durationMs) : undefined,
        artifact,
        event.reason,
      ]
        .filter(Boolean)
        .join(', ');
      return `${event.id}: ${event.status}${extra ? ` (${extra})` : ''}`;
    }
    case 'tagged':
      return `${event.id}: tagged ${event.tags.join(' ')}`;
    case 'warning':
    case 'log':
      return undefined;
  }
}

/** A warning event's line, for stderr (stdout carries the progress and the data). */
export function warningLine(event: BuildEvent): string | undefined {
  return event.type === 'warning' ? `catalog: warning: ${event.message}` : undefined;
}

/**
 * One timestamped line per event (builder log lines go to the per-node log files only), warnings
 * on `err`. For CI and pipes.
 */
export function plainProgress(out: Writable, err: Writable, now: () => Date = () => new Date()): ProgressView {
  return {
    onEvent: (event) => {
      const warning = warningLine(event);
      if (warning) err.write(`${warning}\n`);
      const line = describe(event);
      if (line) out.write(`${now().toISOString()} ${line}\n`);
    },
    close: () => {},
  };
}

/** `--json`: one JSON event per line. */
export function jsonProgress(out: Writable): ProgressView {
  return { onEvent: (event) => out.write(`${JSON.stringify(event)}\n`), close: () => {} };
}

interface Running {
  readonly started: number;
  step: string;
  last: string;
}

/** Columns assumed when the terminal does not say. */
const DEFAULT_COLUMNS = 80;

/** The line cut to `width` columns, an ellipsis marking the cut. */
export function fitLine(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, Math.max(0, width)) : `${text.slice(0, width - 1)}…`;
}

/**
 * A live view for terminals: finished nodes scroll by as lines; below them one line per running
 * node (elapsed time, current step, last log line) and a progress count, redrawn in place. Every
 * line is cut to the terminal's width (`out.columns`, read at each redraw; a resize redraws), so
 * none wraps and the redraw stays in place. Warnings go to `err`, above the redrawn lines.
 */
export function liveProgress(out: Writable, err: Writable, clock: () => number = Date.now): ProgressView {
  const running = new Map<string, Running>();
  let total = 0;
  let finished = 0;
  let drawn = 0;
  const clear = (): void => {
    if (drawn > 0) out.write(`\x1b[${drawn}A\x1b[J`);
    drawn = 0;
  };
  const draw = (): void => {
    clear();
    // One column short: a line filling the last column makes some terminals wrap.
    const width = Math.max(1, (out.columns ?? DEFAULT_COLUMNS) - 1);
    const lines = [...running].map(([id, r]) =>
      fitLine(`  ${seconds(clock() - r.started).padStart(7)}  ${id}  ${r.step}  ${r.last}`, width),
    );
    lines.push(fitLine(`  ${finished}/${total} done, ${running.size} running`, width));
    out.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 500);
  timer.unref();
  out.on?.('resize', draw);
  return {
    onEvent: (event) => {
      if (event.type === 'plan') total = event.nodes.length;
      if (event.type === 'step') {
        const r = running.get(event.id) ?? { started: clock(), step: '', last: '' };
        r.step = event.step;
        running.set(event.id, r);
      }
      if (event.type === 'log') {
        const r = running.get(event.id);
        if (r) r.last = event.line.trim();
      }
      const line = describe(event);
      const warning = warningLine(event);
      if (warning) {
        clear();
        err.write(`${warning}\n`);
      }
      if (event.type === 'node') {
        running.delete(event.id);
        finished++;
      }
      if (line && event.type !== 'step') {
        clear();
        out.write(`${line}\n`);
      }
      draw();
    },
    close: () => {
      clearInterval(timer);
      out.off?.('resize', draw);
      clear();
    },
  };
}

/**
 * Picks the view: JSON when asked (warnings are events there), live on a terminal outside CI, plain
 * lines otherwise; these two print warnings on `err`.
 */
export function progressFor(out: Writable, err: Writable, options: { json: boolean; ci: boolean }): ProgressView {
  if (options.json) return jsonProgress(out);
  if (out.isTTY && !options.ci) return liveProgress(out, err);
  return plainProgress(out, err);
}
