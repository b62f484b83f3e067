import { createRequire } from 'node:module';

type CycloneDxLibrary = typeof import('@cyclonedx/cyclonedx-library');

/**
 * Validates a CycloneDX 1.6 JSON document against the specification's JSON Schema with the
 * CycloneDX project's own library (strict: unknown properties are errors). Returns undefined when
 * valid, else the first problems, `path: message`. Loaded on first use (it brings ajv and the
 * schemas), and kept out of the CLI bundle: it reads its schema files from its package folder.
 */
export async function validateCycloneDx(json: string): Promise<string | undefined> {
  const library = createRequire(import.meta.url)('@cyclonedx/cyclonedx-library') as CycloneDxLibrary;
  const validator = new library.Validation.JsonStrictValidator(library.Spec.Version.v1dot6);
  const errors = (await validator.validate(json)) as
    | null
    | readonly { instancePath?: string; message?: string; params?: unknown }[];
  if (errors === null) return undefined;
  return errors
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'} ${JSON.stringify(e.params ?? {})}`)
    .join('; ');
}
