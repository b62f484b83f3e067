import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogJsonSchema } from './schema.js';

const root = (file: string): string => fileURLToPath(new URL(`../../../../${file}`, import.meta.url));

describe('catalog.schema.json', () => {
  it('is the schema generated from the code (run `npm run schema` after changing the format)', () => {
    const committed = JSON.parse(readFileSync(root('catalog.schema.json'), 'utf8'));
    expect(committed).toEqual(catalogJsonSchema());
  });

  it('accepts the repository catalog and rejects an unknown key, so editors check what validate checks', () => {
    const validate = new Ajv2020({ strict: false }).compile(catalogJsonSchema());
    const example = parse(readFileSync(root('catalog.yaml'), 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example, imagez: {} })).toBe(false);
  });

  it('is referenced from the example catalog for the YAML language server', () => {
    expect(readFileSync(root('catalog.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\/catalog\.schema\.json$/m,
    );
  });
});
