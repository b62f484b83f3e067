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
        'text, json, bake (docker buildx bake file of the rendered folders) or github-matrix',
      )
        .choices(PLAN_FORMATS)
        .default('text'),
    )
    .action(async (selectors: string[], options: PlanOptions, command: Command) => {
      const { planAction } = await import('./plan-action.js');
      await planAction(selectors, options, command, io);
    });
}
