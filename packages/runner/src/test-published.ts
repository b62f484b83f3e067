import {
  type CatalogNode,
  canonicalPlatform,
  digestReference,
  nodeSmokeTests,
  type RenderCatalog,
  type RenderInputs,
  renderNodes,
  tagReference,
} from '@catalog/core';
import { RegistryError } from '@catalog/registry';
import { assertCanRun } from './build/emulation.js';
import type { RegistryPort, SmokeTester } from './build/ports.js';
import { missingLabels, smokeTestImage } from './image-tests.js';

/** One check of a published image: `published`, `labels complete`, or a smoke test by name. */
export interface PublishedTestResult {
  readonly id: string;
  readonly test: string;
  readonly ok: boolean;
  readonly output?: string;
}

export interface TestPublishedInput {
  /** The loaded catalog (its source map places rendering errors). */
  readonly loaded: RenderCatalog;
  readonly nodes: readonly CatalogNode[];
  /** What rendering needs (readTemplates): the required labels come from the rendered nodes. */
  readonly templates: RenderInputs;
  readonly registry: Pick<RegistryPort, 'imageLabels' | 'platformDigests'>;
  /** Runs a smoke test in an image it pulls from the registry. */
  readonly smokeTest: SmokeTester;
  /** The command's abort signal: stops the smoke tests' processes (the registry client has its own). */
  readonly signal?: AbortSignal;
}

/**
 * Checks each node's image as published under its full version tag: that it is in the registry,
 * that it carries every required label, and that its smoke tests pass (all of them run). The same
 * checks as a build runs on the image it built; failures are results, never thrown.
 */
export async function testPublished(input: TestPublishedInput): Promise<PublishedTestResult[]> {
  const { loaded, nodes, registry, smokeTest } = input;
  const { catalog, graph } = loaded;
  const rendered = new Map(renderNodes(loaded, nodes, input.templates).map((r) => [r.id, r]));
  const results: PublishedTestResult[] = [];
  const options = input.signal ? { signal: input.signal } : {};
  for (const node of nodes) {
    if (input.signal?.aborted) break;
    const image = tagReference(catalog.registry, node);
    const labels = await registry.imageLabels(image).catch((error: unknown) => {
      if (error instanceof RegistryError && error.kind === 'not-found') return undefined;
      throw error;
    });
    if (!labels) {
      const output = `${image} is not in the registry; build it with --push first`;
      results.push({ id: node.id, test: 'published', ok: false, output });
      continue;
    }
    const missing = missingLabels(rendered.get(node.id)?.requiredLabels ?? [], labels);
    results.push({
      id: node.id,
      test: 'labels complete',
      ok: missing.length === 0,
      ...(missing.length ? { output: `missing: ${missing.join(', ')}` } : {}),
    });
    const tests = nodeSmokeTests(catalog, graph, node);
    for (const target of await platformImages(node, image, registry)) {
      const suffix = target.platform ? ` (${target.platform})` : '';
      const cannot = target.platform
        ? await assertCanRun(target.platform).catch((error: Error) => error.message)
        : undefined;
      if (cannot) {
        results.push({ id: node.id, test: `smoke tests${suffix}`, ok: false, output: cannot });
        continue;
      }
      for (const { test, result } of await smokeTestImage(target.image, tests, smokeTest, options)) {
        const failure = result.ok ? {} : { output: result.output };
        results.push({ id: node.id, test: `${test.name}${suffix}`, ok: result.ok, ...failure });
      }
    }
  }
  return results;
}

/**
 * The images a node's smoke tests run in: its tag, or for a node built for several platforms each
 * platform's manifest by digest (every platform is tested, under emulation where needed).
 */
async function platformImages(
  node: CatalogNode,
  image: string,
  registry: TestPublishedInput['registry'],
): Promise<{ image: string; platform?: string }[]> {
  if (node.platforms.length === 1 || !registry.platformDigests) return [{ image }];
  const listed = await registry.platformDigests(image);
  const repository = image.slice(0, image.lastIndexOf(':'));
  return node.platforms.map((platform) => {
    const entry = listed.find((p) => canonicalPlatform(p.platform) === platform);
    return { image: entry ? digestReference(repository, entry.digest) : '', platform };
  });
}
