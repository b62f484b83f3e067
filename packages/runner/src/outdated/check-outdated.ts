import { readFile, stat } from 'node:fs/promises';
import {
  assessReference,
  type Catalog,
  classifyReference,
  computeTags,
  type Diagnostic,
  dockerfileReferences,
  InvalidInputError,
  manifestReferences,
  type OurReference,
  type OutdatedEntry,
  type ReferenceEdit,
  rewriteReferences,
  tagsToResolve,
  type WrittenReference,
} from '@catalog/core';
import type { RegistryClient } from '@catalog/registry';
import { writeFileAtomic } from '../atomic-file.js';
import type { ConsumerFile } from './consumer-files.js';

/** What `checkOutdated` reads of a registry: the real RegistryClient, or a fake in tests. */
export type OutdatedRegistry = Pick<RegistryClient, 'listTags' | 'resolve'>;

/** The answer of `catalog outdated`. */
export interface OutdatedReport {
  readonly registry: string;
  /** How many files were read. */
  readonly files: number;
  /** One entry per reference to the catalog's registry, in file order. */
  readonly entries: readonly OutdatedEntry[];
  /** References that could not be checked (unknown image or tag, build args in FROM…). */
  readonly problems: readonly Diagnostic[];
  /** Files `--write` rewrote. */
  readonly written: readonly string[];
}

interface ReadFile {
  readonly file: ConsumerFile;
  readonly text: string;
}

/**
 * Checks every reference the files make to the catalog's registry against the catalog and the
 * registry (tags and digests read through `client`, with its auth and retries). With `write`, and
 * only when no reference had a problem, each file with pinned references that fell behind is
 * rewritten in place (atomically, only the references change). A registry that cannot be read is
 * a RegistryError: nothing is reported as current without asking it.
 */
export async function checkOutdated(
  catalog: Catalog,
  files: readonly ConsumerFile[],
  client: OutdatedRegistry,
  options: { readonly write?: boolean } = {},
): Promise<OutdatedReport> {
  const plan = computeTags(catalog);
  const problems: Diagnostic[] = [];
  const ours: OurReference[] = [];
  const texts: ReadFile[] = [];
  for (const file of files) {
    const text = await readFile(file.absolute, 'utf8');
    texts.push({ file, text });
    for (const written of referencesIn(catalog, file, text, problems)) {
      const classified = classifyReference(catalog, plan, written);
      if (classified.type === 'error') problems.push(classified.diagnostic);
      else if (classified.type === 'ours') ours.push(classified);
    }
  }
  const facts = await readFacts(ours, client);
  const entries: OutdatedEntry[] = [];
  for (const reference of ours) {
    const result = assessReference(catalog, plan, reference, facts);
    if ('code' in result) problems.push(result);
    else entries.push(result);
  }
  const written = options.write && problems.length === 0 ? await writeUpdates(texts, entries) : [];
  return { registry: catalog.registry, files: files.length, entries, problems, written };
}

function referencesIn(catalog: Catalog, file: ConsumerFile, text: string, problems: Diagnostic[]): WrittenReference[] {
  if (file.kind === 'dockerfile') return dockerfileReferences(file.path, text);
  const found = manifestReferences(file.path, text);
  if (found !== undefined) return found;
  if (text.includes(`${catalog.registry}/`)) {
    problems.push({
      code: 'outdated-not-yaml',
      severity: 'error',
      file: file.path,
      message: `names ${catalog.registry} but is not valid YAML (a template?), so its image references cannot be checked`,
      hint: 'run catalog outdated on the rendered manifests',
    });
  }
  return [];
}

/** The tag lists of the referenced images, and the digests of the tags the assessment needs. */
async function readFacts(references: readonly OurReference[], client: OutdatedRegistry) {
  const tags = new Map<string, readonly string[]>();
  const digests = new Map<string, string>();
  for (const reference of references) {
    let list = tags.get(reference.image);
    if (!list) {
      list = await client.listTags(reference.repository);
      tags.set(reference.image, list);
    }
    for (const tag of tagsToResolve(reference, list)) {
      const key = `${reference.image}:${tag}`;
      if (digests.has(key)) continue;
      const found = await client.resolve(`${reference.repository}:${tag}`);
      if (found) digests.set(key, found.digest);
    }
  }
  return { tags, digests };
}

/** Rewrites each file that has updates; a file changed since it was read is an error, left as it is. */
async function writeUpdates(texts: readonly ReadFile[], entries: readonly OutdatedEntry[]): Promise<string[]> {
  const written: string[] = [];
  for (const { file, text } of texts) {
    const edits: ReferenceEdit[] = entries
      .filter((e) => e.file === file.path && e.update !== null)
      .map((e) => ({ offset: e.offset, from: e.reference, to: e.update ?? e.reference }));
    if (edits.length === 0) continue;
    const updated = rewriteReferences(file.path, text, edits);
    const now = await readFile(file.absolute, 'utf8');
    if (now !== text) throw changedMeanwhile(file.path);
    await writeFileAtomic(file.absolute, updated, { mode: (await stat(file.absolute)).mode & 0o7777 });
    written.push(file.path);
  }
  return written;
}

function changedMeanwhile(file: string): InvalidInputError {
  return new InvalidInputError([
    {
      code: 'outdated-changed',
      severity: 'error',
      file,
      message: 'the file changed while it was checked; it was left as it is',
      hint: 'run catalog outdated --write again',
    },
  ]);
}
