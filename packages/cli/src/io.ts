/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Variables set by the local settings file (`.catalog/local.env`) → that file; see local-settings.ts. */
  readonly settingsFrom?: Readonly<Record<string, string>>;
}

export interface Writable {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  /** A terminal's width in columns (process.stdout has it); it changes when the terminal is resized. */
  readonly columns?: number;
  /** process.stdout's `resize` event: the terminal's size changed. */
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}

/** Options every command understands. */
export interface GlobalOptions {
  readonly catalog: string;
  readonly json: boolean;
  readonly registry?: string;
}

export function writeLine(out: Writable, line = ''): void {
  out.write(`${line}\n`);
}

/**
 * Prints one JSON value on one line: `--json` output is JSON lines (a build's events, then its
 * report), so a reader can split on newlines.
 */
export function writeJson(out: Writable, value: unknown): void {
  out.write(`${JSON.stringify(value)}\n`);
}
