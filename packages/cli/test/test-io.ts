import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import type { CliIo } from '../src/io.js';
import { main } from '../src/main.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temporary folder holding the given files, as a user's working directory. */
export function workspace(files: Record<string, string>): string {
  const dir = tempDir('catalog-cli-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs the CLI in-process, capturing its output; for tests. */
export async function run(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env,
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
