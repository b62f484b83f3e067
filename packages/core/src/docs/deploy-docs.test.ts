import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { EXAMPLE, load } from '../../test/helpers.js';
import { renderDocsSite } from './html-site.js';
import { renderDocsMarkdown } from './markdown.js';
import { docsModel } from './model.js';

const withDeploy = load(
  EXAMPLE.replace(
    /( +)kind: framework\n/,
    '$1kind: framework\n$1deploy: { port: 8080, liveness: /healthz, readiness: /readyz }\n',
  ).replace(/( +)kind: app\n/, '$1kind: app\n$1deploy: { port: 5000, liveness: /healthz, readiness: /readyz }\n'),
);

function page(files: readonly { path: string; content: string }[], path: string): string {
  return files.find((f) => f.path === path)?.content ?? '';
}

describe('the Deploy section of an image page', () => {
  const model = docsModel(withDeploy);

  it('shows the probes and a copy-ready manifest of the app itself for an app', () => {
    const html = page(renderDocsSite(model), 'images/hello.html');
    expect(html).toContain('<h2 id="deploy">Deploy</h2>');
    expect(html).toContain(
      'the liveness probe GET <code>/healthz</code> and the readiness probe GET <code>/readyz</code> on port <code>5000</code>',
    );
    expect(html).toContain('image: localhost:5000/acme/hello:1.0.0');
    expect(html).toContain('Copy manifest');
  });

  it('shows what apps built on a framework answer, with a manifest for my-app that parses as YAML', () => {
    const markdown = page(renderDocsMarkdown(model), 'images/flask.md');
    expect(markdown).toContain('## Deploy');
    expect(markdown).toContain('catalog app build SRC --from flask --tag my-app');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
    const kinds = parseAllDocuments(yaml).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual(['Deployment', 'Service']);
  });

  it('is left out for images without deploy:', () => {
    expect(page(renderDocsSite(model), 'images/python.html')).not.toContain('id="deploy"');
    expect(page(renderDocsMarkdown(model), 'images/python.md')).not.toContain('## Deploy');
  });
});
