#!/usr/bin/env node
// Writes catalog.schema.json from the code's schema (packages/core/src/catalog/schema.ts).
// Run with `npm run schema` after changing the format; a test fails while the two differ.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogJsonSchema } from '@catalog/core';

const target = fileURLToPath(new URL('../catalog.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
