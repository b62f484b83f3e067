import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogJsonSchema } from './schema.js';

const root = (file: string): string => fileURLToPath(new URL(`../../../../${file}`, import.meta.url));

const committed = JSON.parse(readFileSync(root('catalog.schema.json'), 'utf8'));
/**
 * The builder engines are not core's: @catalog/builders' registry lists them (its test checks that
 * this file's list is the registry's). Here they are taken from the file.
 */
const builderNames: string[] = committed.properties.builder.properties.name.enum;

describe('catalog.schema.json', () => {
  it('is the schema generated from the code (run `npm run schema` after changing the format)', () => {
    expect(committed).toEqual(catalogJsonSchema({ builderNames }));
  });

  it('is JSON Schema draft-07, which the YAML language server fully supports', () => {
    expect(committed.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('accepts the repository catalog and rejects an unknown key or kind, so editors check what validate checks', () => {
    // Ajv's default export validates draft-07 (and refuses the keywords of later drafts).
    const validate = new Ajv({ strict: false }).compile(committed);
    const example = parse(readFileSync(root('catalog.yaml'), 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example, imagez: {} })).toBe(false);
    const unknownKind = { ...example, images: { ...example.images, hello: { ...example.images.hello, kind: 'ap' } } };
    expect(validate(unknownKind)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/images/hello/kind' }));
  });

  it('lists the engines it is given, and takes any builder name when given none', () => {
    const nameOf = (schema: Record<string, unknown>) =>
      (schema as { properties: { builder: { properties: { name: unknown } } } }).properties.builder.properties.name;
    expect(nameOf(catalogJsonSchema({ builderNames: ['b', 'a'] }))).toEqual({
      description: 'The builder; default: detected (b first).',
      type: 'string',
      enum: ['b', 'a'],
    });
    expect(nameOf(catalogJsonSchema())).toEqual({
      description: 'The builder; default: detected.',
      type: 'string',
      minLength: 1,
    });
  });

  it('is referenced from the example catalog for the YAML language server', () => {
    expect(readFileSync(root('catalog.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\/catalog\.schema\.json$/m,
    );
  });
});
