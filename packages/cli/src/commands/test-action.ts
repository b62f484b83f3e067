import { createSmokeTester, detectBuilder } from '@catalog/builders';
import {
  type CatalogNode,
  type LoadedCatalog,
  nodeSmokeTests,
  ReportedFailure,
  renderNodes,
  tagReference,
} from '@catalog/core';
import { RegistryClient, RegistryError, tlsVerifyFor } from '@catalog/registry';
import { readTemplates } from '@catalog/runner';
import type { Command } from 'commander';
import { builderSettings } from '../build-environment.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { type AffectedOptions, type SelectionOptions, selectForCommand } from '../selection.js';

interface TestResult {
  readonly id: string;
  readonly test: string;
  readonly ok: boolean;
  readonly output?: string;
}

export async function testAction(
  selectors: string[],
  options: SelectionOptions & AffectedOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  const results = await testNodes(loaded, await selectForCommand(loaded, selectors, options), io);
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

async function testNodes(
  loaded: LoadedCatalog & { root: string },
  nodes: readonly CatalogNode[],
  io: CliIo,
): Promise<TestResult[]> {
  const { catalog, graph } = loaded;
  const detected = await detectBuilder(catalog.builder.name);
  const tlsVerify = tlsVerifyFor(catalog.registry, io.env);
  const settings = { ...builderSettings(catalog, io), binary: detected.binary };
  const smokeTest = createSmokeTester(detected.name, settings, undefined, { pull: 'always', tlsVerify });
  const registry = new RegistryClient({ env: io.env });
  const rendered = new Map(renderNodes(loaded, nodes, await readTemplates(loaded.root, catalog)).map((r) => [r.id, r]));
  const results: TestResult[] = [];
  for (const node of nodes) {
    const image = tagReference(catalog.registry, node);
    const labels = await registry.imageLabels(image).catch((error: unknown) => {
      if (error instanceof RegistryError && error.kind === 'not-found') return undefined;
      throw error;
    });
    if (!labels) {
      results.push({
        id: node.id,
        test: 'published',
        ok: false,
        output: `${image} is not in the registry; build it with --push first`,
      });
      continue;
    }
    const missing = (rendered.get(node.id)?.requiredLabels ?? []).filter((key) => !labels[key]);
    results.push({
      id: node.id,
      test: 'labels complete',
      ok: missing.length === 0,
      ...(missing.length ? { output: `missing: ${missing.join(', ')}` } : {}),
    });
    for (const test of nodeSmokeTests(catalog, graph, node)) {
      const outcome = await smokeTest(image, test);
      results.push({ id: node.id, test: test.name, ok: outcome.ok, ...(outcome.ok ? {} : { output: outcome.output }) });
    }
  }
  return results;
}
