import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { REPO } from './fixture.js';

/**
 * The generated catalog site as a new user sees it: `catalog docs --out DIR` on the example catalog,
 * then the pages opened in headless Chromium (Debian's `chromium` package; `tools/install-deps.sh`
 * installs it). The page's own JavaScript filters the list: `index.html#q=flask` runs the same
 * filter as typing in the search box. A screenshot lands in out/test-artifacts/docs-index.png
 * (git-ignored). Skipped when Chromium is missing, unless CATALOG_REQUIRE_E2E=1.
 */
const CHROMIUM = process.env.CATALOG_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.CATALOG_REQUIRE_E2E === '1';
const skip =
  !existsSync(CHROMIUM) && !required
    ? `${CHROMIUM} is missing: apt-get install chromium (set CATALOG_REQUIRE_E2E=1 to fail instead of skipping)`
    : undefined;
const ARTIFACTS = join(REPO, 'out/test-artifacts');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Card {
  readonly image: string;
  readonly hidden: boolean;
}

describe.skipIf(skip)(
  `the generated site in headless Chromium${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 120_000 },
  () => {
    let site: string;
    let profile: string;

    /** Runs headless Chromium on one page with extra flags; returns its stdout. */
    function chromium(url: string, ...flags: string[]): string {
      const result = spawnSync(
        CHROMIUM,
        [
          '--headless',
          '--no-sandbox',
          '--disable-background-networking',
          '--disable-gpu',
          '--no-first-run',
          `--user-data-dir=${profile}`,
          ...flags,
          url,
        ],
        { encoding: 'utf8', maxBuffer: 32 << 20 },
      );
      if (result.error) throw result.error;
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    }

    const page = (path: string): string => `file://${join(site, path)}`;
    const cards = (dom: string): Card[] =>
      [...dom.matchAll(/<li class="image-card"([^>]*)>/g)].map((m) => ({
        image: /data-image="([^"]+)"/.exec(m[1] ?? '')?.[1] ?? '',
        hidden: /\shidden(=|\s|$)/.test(m[1] ?? ''),
      }));

    beforeAll(() => {
      site = tempDir('catalog-site-');
      profile = tempDir('catalog-chromium-');
      const result = spawnSync('node', [join(REPO, 'packages/cli/bin/catalog.js'), 'docs', '--out', site], {
        cwd: REPO,
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
    });
    afterAll(() => {
      for (const dir of [site, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('lists every image of the catalog and draws the lineage graph', () => {
      const dom = chromium(page('index.html'), '--dump-dom');
      expect(cards(dom)).toEqual(
        ['debian', 'pyenv', 'python', 'flask', 'catalog', 'hello'].map((image) => ({ image, hidden: false })),
      );
      expect(dom).toContain('6 of 6 images');
      const svg = /<svg class="lineage"[\s\S]*?<\/svg>/.exec(dom)?.[0] ?? '';
      expect(svg.match(/<g class="node/g)).toHaveLength(8);
      expect(svg.match(/<path class="edge"/g)).toHaveLength(7);
      expect(svg).toContain('data-node="flask:3.1.1-python3.13"');
    });

    it('filtering by "flask" leaves the Flask images and dims the rest of the graph', () => {
      const dom = chromium(`${page('index.html')}#q=flask`, '--dump-dom');
      const visible = cards(dom)
        .filter((c) => !c.hidden)
        .map((c) => c.image);
      expect(visible).toEqual(['flask', 'hello']);
      expect(dom).toContain('2 of 6 images');
      expect(dom).toContain('data-filter="flask"');
      expect(dom).toMatch(/<g class="node kind-os dim" data-node="debian:13"/);
      expect(dom).toMatch(/<g class="node kind-framework" data-node="flask:3.1.1-python3.13"/);
    });

    it("an image page shows the lineage, the variants' tags and a FROM line of the tag plan", () => {
      const dom = chromium(page('images/flask.html'), '--dump-dom');
      expect(dom).toContain('<code>FROM localhost:5000/acme/flask:3.1.1-python3.13</code>');
      expect(dom).toMatch(/<g class="node kind-framework current" data-node="flask:3.1.1-python3.11"/);
      expect(dom).toContain('<code>3.1-python3.11</code>');
      expect(dom).toContain('not built yet');
    });

    it('saves a screenshot of the index page as a test artifact', () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, 'docs-index.png');
      rmSync(file, { force: true });
      chromium(page('index.html'), '--window-size=1280,1000', '--hide-scrollbars', `--screenshot=${file}`);
      expect(statSync(file).size).toBeGreaterThan(10_000);
      const png = readFileSync(file);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.readUInt32BE(16)).toBe(1280);
    });
  },
);
