import { describe, expect, it } from 'vitest';
import { run, workspace } from '../test/test-io.js';

const dir = workspace({});

describe('an unknown command asked for help', () => {
  it.each([
    [['upstream', 'nosuch', '--help'], 'catalog upstream', 'nosuch', ''],
    [['upstream', 'chek', '-h'], 'catalog upstream', 'chek', '; did you mean "check"?'],
    [['--catalog', 'x.yaml', 'upstream', 'updte', '--help'], 'catalog upstream', 'updte', '; did you mean "update"?'],
    [['nosuch', '--help'], 'catalog', 'nosuch', ''],
    [['plna', '--help'], 'catalog', 'plna', '; did you mean "plan"?'],
  ])('%j is a usage error naming the command', async (argv, parent, word, suggestion) => {
    const result = await run(argv, dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`catalog: unknown command "${word}" for "${parent}"${suggestion}\n`);
    expect(result.stderr).toContain(`hint: run \`${parent} --help\``);
  });

  it('still prints the help of a known command and of the parent', async () => {
    const check = await run(['upstream', 'check', '--help'], dir);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('Usage: catalog upstream check');
    const parent = await run(['upstream', '--help'], dir);
    expect(parent.code).toBe(0);
    expect(parent.stdout).toContain('Usage: catalog upstream');
  });
});
