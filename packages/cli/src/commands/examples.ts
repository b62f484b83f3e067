import type { Command } from 'commander';

/**
 * Examples shown at the end of each command's `--help`, by command path (`upstream check`). Every
 * command has some: `addExamples` fails on one without, so a new command cannot forget them.
 */
export const COMMAND_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  validate: ['catalog validate', 'catalog validate --catalog platform/catalog.yaml --json'],
  graph: ['catalog graph', 'catalog graph --format dot | dot -Tsvg > catalog.svg', 'catalog graph --format mermaid'],
  plan: [
    'catalog plan',
    'catalog plan python:3.13.5 --descendants',
    'catalog plan --affected --base origin/main --json',
    'catalog plan --format github-matrix',
  ],
  render: ['catalog render', 'catalog render flask --out /tmp/render'],
  lint: [
    'catalog lint',
    'catalog lint ../shop/Dockerfile --require-digest',
    'catalog lint --ignore DL3042,DL4006 Dockerfile',
    'catalog lint --list-rules',
  ],
  build: [
    'catalog build --dry-run',
    'catalog build python --descendants --push',
    'catalog build --affected --push --report build-report.json',
    'catalog build --upstream-changed --push',
    'catalog build python --push --no-publish --report reports/amd64.json',
  ],
  publish: [
    'catalog publish reports/',
    'catalog publish amd64.json arm64.json --dry-run',
    'catalog publish reports/ --select python --json',
  ],
  test: ['catalog test', 'catalog test kind:app --registry 127.0.0.1:5000/acme'],
  tags: ['catalog tags', 'catalog tags flask --offline', 'catalog tags --json'],
  docs: ['catalog docs --out /tmp/site', 'catalog docs --from-registry'],
  'init-app': [
    'catalog init-app shop --from flask',
    'catalog init-app worker --from python:3.13 --dir apps/worker',
    'catalog init-app tool --from debian --no-pin',
  ],
  upstream: ['catalog upstream check', 'catalog upstream update', 'catalog upstream versions'],
  app: ['catalog app build images/hello --from flask --tag hello-s2i'],
  'app build': [
    'catalog app build images/hello --from flask --tag hello-s2i',
    'catalog app build ./shop --from flask:3.1-python3.11 --tag shop:dev --json',
  ],
  'upstream check': ['catalog upstream check', 'catalog upstream check --json > upstream.json'],
  'upstream update': ['catalog upstream update', 'catalog upstream update --lock ci/catalog.lock.yaml'],
  outdated: ['catalog outdated', 'catalog outdated shop/ deploy/ --json', 'catalog outdated --write'],
  'upstream versions': [
    'catalog upstream versions',
    'catalog upstream versions python --write',
    'catalog upstream versions --json',
  ],
  sources: ['catalog sources', 'catalog sources python --ancestors', 'catalog sources --json'],
  verify: [
    'catalog verify 127.0.0.1:5000/acme/hello:1.0.0',
    'catalog verify registry.example.com/acme/python:3.13 --key cosign.pub --json',
    'catalog verify registry.example.com/acme/flask:3.1 --identity https://github.com/acme/catalog/.github/workflows/publish.yml@refs/heads/main',
  ],
};

/** The path of a subcommand below the program: `upstream check`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Adds each command's examples to the end of its help, below and including subcommands. */
export function addExamples(parent: Command): void {
  for (const command of parent.commands) {
    const path = commandPath(command);
    const examples = COMMAND_EXAMPLES[path];
    if (!examples) throw new Error(`no examples for "catalog ${path}" in commands/examples.ts`);
    command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
    addExamples(command);
  }
}
