import { PLAN_FORMATS } from '@catalog/core';
import { type Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import { addAffected, addSelection } from '../selection.js';
import type { PlanOptions } from './plan-options.js';

export function registerPlan(program: Command, io: CliIo): void {
  addAffected(addSelection(program.command('plan')))
    .description('list the nodes to build, parents first')
    .addOption(
      new Option(
        '--format <format>',
        'text, json, bake (docker buildx bake file of the rendered folders), github-matrix (per-level matrix jobs as JSON), github (a GitHub Actions workflow) or tekton (Tasks and a Pipeline)',
      )
        .choices(PLAN_FORMATS)
        .default('text'),
    )
    .option(
      '--platform <platforms...>',
      'bake, github, github-matrix and tekton: only these of the platforms the catalog builds each node for (default: all of them); one job per node and platform',
    )
    .action(async (selectors: string[], options: PlanOptions, command: Command) => {
      const { planAction } = await import('./plan-action.js');
      await planAction(selectors, options, command, io);
    });
}
