import { didYouMean, UsageError } from '@catalog/core';
import type { Command } from 'commander';

const HELP_FLAGS = new Set(['-h', '--help']);

/**
 * The usage error for an unknown subcommand asked for help (`catalog upstream nosuch --help`), or
 * undefined. Commander answers help before it looks at the command, so it would print the parent's
 * help and exit 0; this walks the command line the way commander dispatches it (options parsed on
 * each level, `program` being a copy nothing else uses) and finds the word no command is named.
 */
export function unknownSubcommandAskedForHelp(program: Command, argv: readonly string[]): UsageError | undefined {
  if (!argv.some((arg) => HELP_FLAGS.has(arg))) return undefined;
  try {
    return walk(program, [], [...argv]);
  } catch {
    return undefined; // a malformed option: commander reports it when the command line is parsed
  }
}

function walk(command: Command, before: string[], rest: string[]): UsageError | undefined {
  const parsed = command.parseOptions(rest);
  const operands = [...before, ...parsed.operands];
  const word = operands[0];
  if (word === undefined || command.commands.length === 0) return undefined;
  const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
  if (sub) return walk(sub, operands.slice(1), parsed.unknown);
  if (word === 'help') return undefined;
  const names = command.commands.map((c) => c.name());
  const path = commandPath(command);
  return new UsageError(
    `unknown command "${word}" for "${path}"${didYouMean(word, names)}`,
    `run \`${path} --help\`: its commands are ${names.join(', ')}`,
  );
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
