import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../test/test-io.js';
import { COMMAND_EXAMPLES, commandPath } from './commands/examples.js';
import { createProgram } from './program.js';

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

describe("every command's help", () => {
  const program = createProgram({ stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: dir });
  const paths = (command: Command): string[] => command.commands.flatMap((c) => [commandPath(c), ...paths(c)]);

  it('has examples for exactly the commands there are', () => {
    expect(paths(program).sort()).toEqual(Object.keys(COMMAND_EXAMPLES).sort());
  });

  it.each(paths(program))('catalog %s --help shows the global options and its examples', async (path) => {
    const result = await run([...path.split(' '), '--help'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: catalog ${path} `));
    expect(result.stdout).toContain('Global Options:');
    for (const option of ['--catalog <path>', '--registry <registry>', '--json']) {
      expect(result.stdout.split('Global Options:')[1]).toContain(option);
    }
    const examples = result.stdout.split('\nExamples:\n')[1] ?? '';
    const expected = COMMAND_EXAMPLES[path] ?? [];
    expect(expected.length).toBeGreaterThan(0);
    expect(examples.trimEnd().split('\n')).toEqual(expected.map((e) => `  $ ${e}`));
    for (const example of expected) expect(example.startsWith(`catalog ${path.split(' ')[0]}`)).toBe(true);
  });
});
