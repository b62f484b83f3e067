import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogJsonSchema } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { BUILDER_NAMES, createAdapter, ENGINES, engineNamed, isBuilderName } from './index.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

describe('the engine registry', () => {
  it('lists every engine once, in the order detection tries them', () => {
    expect(BUILDER_NAMES).toEqual(['buildah', 'podman', 'docker', 'kaniko']);
    expect(new Set(BUILDER_NAMES).size).toBe(ENGINES.length);
    expect(isBuilderName('podman')).toBe(true);
    expect(isBuilderName('bildah')).toBe(false);
  });

  it("gives each name its engine, and each adapter the engine's facts", () => {
    for (const name of BUILDER_NAMES) {
      const engine = engineNamed(name);
      const adapter = createAdapter(name);
      expect(engine.name).toBe(name);
      expect(engine.installHint).not.toBe('');
      expect(adapter).toMatchObject({
        name,
        binary: engine.executable,
        capabilities: engine.capabilities,
        exportsDuringBuild: engine.exportsDuringBuild,
      });
      expect(createAdapter(name, { binary: '/opt/x' }).binary).toBe('/opt/x');
    }
  });

  it('is the list of engines catalog.schema.json allows (regenerate it with `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(join(repo, 'catalog.schema.json'), 'utf8'));
    expect(committed.properties.builder.properties.name.enum).toEqual([...BUILDER_NAMES]);
    expect(committed).toEqual(catalogJsonSchema({ builderNames: BUILDER_NAMES }));
  });

  it('is the only place the sources name an engine as a value', () => {
    const engines = new RegExp(`['"\`](${BUILDER_NAMES.join('|')})['"\`]`);
    const packages = join(repo, 'packages');
    const sources = readdirSync(packages, { recursive: true, encoding: 'utf8' }).filter(
      (file) => /^[^/]+\/src\/.*\.ts$/.test(file) && !file.endsWith('.test.ts'),
    );
    const outside = sources
      .filter((file) => !file.startsWith('builders/src/engines/'))
      .flatMap((file) => {
        const lines = readFileSync(join(packages, file), 'utf8').split('\n');
        return lines.flatMap((line, i) => (engines.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
      });
    expect(sources.length).toBeGreaterThan(50);
    expect(outside).toEqual([]);
  });
});
