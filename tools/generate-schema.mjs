#!/usr/bin/env node
// Writes catalog.schema.json from the code's schema (packages/core/src/catalog/schema.ts) with the
// builder engines of @catalog/builders' registry (packages/builders/src/engines/index.ts).
// Run with `npm run schema` after changing the format or the engines; a test fails while the two differ.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUILDER_NAMES } from '@catalog/builders';
import { catalogJsonSchema } from '@catalog/core';

const target = fileURLToPath(new URL('../catalog.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(catalogJsonSchema({ builderNames: BUILDER_NAMES }), null, 2)}\n`);
console.log(`wrote ${target}`);
