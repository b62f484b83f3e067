import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load } from '../../test/helpers.js';
import { imageInputs } from './affected.js';
import { catalogDiff, nodeEntries } from './catalog-diff.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const text = readFileSync(join(root, 'catalog.yaml'), 'utf8');

/** The nodes whose entry text differs between the example and an edited copy. */
function changedEntries(edited: string): string[] {
  const [before, after] = [nodeEntries(load(text).catalog), nodeEntries(load(edited).catalog)];
  return [...after].filter(([id, entry]) => before.get(id) !== entry).map(([id]) => id);
}

describe('nodeEntries', () => {
  it('changes exactly for the nodes the catalog diff selects for their own entry', () => {
    const edits = [
      text.replace('# The example hierarchy', '# A sample hierarchy').replace('kind: os', 'kind:   os'),
      text.replace('isolation: chroot', 'isolation: oci'),
      text.replace('licenses: Apache-2.0', 'licenses: MIT'),
      text.replace('sha256: 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849', 'sha256: 0000'),
    ];
    for (const edited of edits) {
      const diff = catalogDiff(load(text).catalog, load(edited).catalog).map((s) => s.id);
      expect(changedEntries(edited)).toEqual(diff);
    }
    expect(changedEntries(edits[0] as string)).toEqual([]);
    expect(changedEntries(edits[3] as string)).toEqual(['python:3.11.2']);
  });
});

describe('imageInputs', () => {
  it('lists the template with the partials it uses, the context and the prepare tooling', () => {
    const { catalog } = load(text);
    const debian = catalog.images.find((i) => i.name === 'debian');
    const template = { file: 'images/debian/Dockerfile.hbs', text: '{{> labels}}\n' };
    const labels = { file: 'images/_partials/labels.hbs', text: '{{#> base-image}}{{/base-image}}' };
    const inputs = imageInputs([debian as NonNullable<typeof debian>], [template, labels]).get('debian');
    expect(inputs?.templates).toEqual([
      'images/debian/Dockerfile.hbs',
      'images/_partials/labels.hbs',
      'images/_partials/base-image.hbs',
    ]);
    expect(inputs?.context).toBe('images/debian/');
    expect(inputs?.prepare).toEqual({ tool: 'tools/base-rootfs.sh', lib: 'tools/lib/' });
  });
});
