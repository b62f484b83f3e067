import { createSmokeTester, detectBuilder } from '@catalog/builders';
import { ReportedFailure } from '@catalog/core';
import { tlsVerifyFor } from '@catalog/registry';
import { readTemplates, testPublished } from '@catalog/runner';
import type { Command } from 'commander';
import { builderSettings } from '../build-environment.js';
import { authFileOf, builderAuth } from '../builder-auth.js';
import { withCommandSignal } from '../command-signal.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { registryClient } from '../registry-client.js';
import { selectForCommand } from '../selection.js';
import type { TestOptions } from './test-options.js';

export async function testAction(
  selectors: string[],
  options: TestOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  const nodes = await selectForCommand(loaded, selectors, options);
  const { catalog } = loaded;
  const detected = await detectBuilder(catalog.builder.name);
  const tlsVerify = tlsVerifyFor(catalog.registry, io.env);
  const settings = { ...builderSettings(catalog, io), binary: detected.binary };
  const templates = await readTemplates(loaded.root, catalog, loaded.sourceMap);
  const auth = await builderAuth(catalog.registry, [], io);
  const source = { pull: 'always', tlsVerify, ...authFileOf(auth) } as const;
  const smokeTest = createSmokeTester(detected.name, settings, undefined, source);
  const results = await withCommandSignal((signal) =>
    testPublished({ loaded, nodes, templates, registry: registryClient(io, signal), smokeTest, signal }),
  ).finally(auth.remove);
  const failed = results.filter((r) => !r.ok).length;
  if (globals.json) writeJson(io.stdout, { ok: failed === 0, results });
  else {
    for (const r of results) {
      writeLine(io.stdout, `${r.ok ? 'pass' : 'FAIL'}  ${r.id}  ${r.test}`);
      if (!r.ok && r.output)
        for (const line of r.output.split('\n').slice(-10)) writeLine(io.stdout, `      | ${line}`);
    }
    writeLine(io.stdout, `${results.length - failed} passed, ${failed} failed`);
  }
  if (failed > 0) throw new ReportedFailure(`${failed} smoke test${failed === 1 ? '' : 's'} failed`);
}
