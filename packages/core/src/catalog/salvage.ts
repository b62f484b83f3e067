import type { z } from 'zod';

/**
 * What can still be checked of an entry that failed its schema: every field that is valid on its
 * own, and of the maps named in `entryWise` every entry that is. The schema errors are reported; the
 * rest of the entry is checked as usual, so one wrong field hides none of its other problems.
 */
export function salvageFields(
  schema: z.ZodObject,
  value: unknown,
  entryWise: readonly string[] = [],
): { fields: Record<string, unknown>; dropped: Set<string> } {
  const fields: Record<string, unknown> = {};
  const dropped = new Set<string>();
  if (!isMap(value)) return { fields, dropped };
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    if (!Object.hasOwn(value, key)) continue;
    const parsed = field.safeParse(value[key]);
    if (parsed.success) {
      fields[key] = parsed.data;
      continue;
    }
    dropped.add(key);
    const entries = value[key];
    if (entryWise.includes(key) && isMap(entries)) {
      const kept: Record<string, unknown> = {};
      for (const [name, entry] of Object.entries(entries)) {
        const one = field.safeParse({ [name]: entry });
        if (!one.success || !isMap(one.data)) continue;
        // defineProperty: a key named __proto__ stays a key.
        for (const [k, v] of Object.entries(one.data)) {
          Object.defineProperty(kept, k, { value: v, enumerable: true, writable: true, configurable: true });
        }
      }
      fields[key] = kept;
    }
  }
  return { fields, dropped };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
