import { describe, expect, it } from 'vitest';
import { EXAMPLE, load, yaml } from '../../test/helpers.js';
import { dotString, formatGraph } from './format.js';

const { graph } = load(EXAMPLE);

describe('formatGraph', () => {
  it('draws an indented tree', () => {
    expect(formatGraph(graph, 'text')).toBe(yaml`
      debian:13 (os)
      └── pyenv:2.5.4 (runtime)
          ├── python:3.11.2 (runtime)
          │   └── flask:3.1.1-python3.11 (framework)
          └── python:3.13.5 (runtime)
              └── flask:3.1.1-python3.13 (framework)
                  └── hello:1.0.0 (app)
    `);
  });

  it('names external parents in the tree', () => {
    const external = load(yaml`
      registry: r
      images:
        base: { kind: os, from: docker.io/library/debian:trixie-slim, versions: { "13": {} } }
    `);
    expect(formatGraph(external.graph, 'text')).toBe('base:13 (os) FROM docker.io/library/debian:trixie-slim\n');
  });

  it('emits dot and mermaid edges parent -> child', () => {
    const dot = formatGraph(graph, 'dot');
    expect(dot).toMatch(/^digraph catalog \{/);
    expect(dot).toContain('"python:3.13.5" -> "flask:3.1.1-python3.13";');
    const mermaid = formatGraph(graph, 'mermaid');
    expect(mermaid.split('\n')[0]).toBe('graph TD');
    expect(mermaid).toContain('n3 --> n4');
  });

  it('writes DOT labels with a line break, not a literal backslash-n', () => {
    const dot = formatGraph(graph, 'dot');
    // In DOT, \n inside a quoted label is a line break; \\n would print a backslash and an n.
    expect(dot).toContain('  "python:3.13.5" [label="python:3.13.5\\nruntime"];\n');
    expect(dot).not.toContain('\\\\n');
  });

  it('quotes DOT strings: backslashes, quotes and line breaks', () => {
    expect(dotString('a "b" \\ c\nd')).toBe('"a \\"b\\" \\\\ c\\nd"');
  });

  it('emits json nodes with levels and edges', () => {
    const json = JSON.parse(formatGraph(graph, 'json'));
    expect(json.nodes).toHaveLength(7);
    expect(json.nodes[6]).toEqual({
      id: 'hello:1.0.0',
      image: 'hello',
      version: '1.0.0',
      variant: null,
      kind: 'app',
      level: 4,
    });
    expect(json.edges).toContainEqual({ from: 'flask:3.1.1-python3.13', to: 'hello:1.0.0', external: false });
  });
});
