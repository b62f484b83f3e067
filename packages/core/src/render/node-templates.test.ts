import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load } from '../../test/helpers.js';
import { InvalidInputError } from '../errors.js';
import { nodePrepareStep, nodeSmokeTests } from './node-templates.js';

const example = load(readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8'));
const { catalog, graph } = example;

describe('node smoke tests and prepare steps', () => {
  it('renders test commands and expectations with the node data', () => {
    const tests = nodeSmokeTests(catalog, graph, graph.node('flask:3.1.1-python3.11'));
    expect(tests[0]).toMatchObject({ name: 'Flask on the right Python', expect: '3.1.1 3.11.2' });
    const python = nodeSmokeTests(catalog, graph, graph.node('python:3.13.5'));
    expect(python.map((t) => t.expect)).toContain('Python 3.13.5');
    expect(python.find((t) => t.user)?.user).toBe('1000770000:0');
  });

  it('renders the prepare step of the bootstrapped base', () => {
    expect(nodePrepareStep(catalog, graph, graph.node('debian:13'))).toEqual({
      run: ['tools/base-rootfs.sh', 'trixie'],
      file: 'rootfs.tar',
    });
    expect(nodePrepareStep(catalog, graph, graph.node('hello:1.0.0'))).toBeUndefined();
  });

  it('fails on an unknown variable in a test, naming where it is', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8').replace(
      'expect: "pyenv {{version}}"',
      'expect: "pyenv {{verison}}"',
    );
    const broken = load(text);
    expect(() => nodeSmokeTests(broken.catalog, broken.graph, broken.graph.node('pyenv:2.5.4'))).toThrow(
      InvalidInputError,
    );
    try {
      nodeSmokeTests(broken.catalog, broken.graph, broken.graph.node('pyenv:2.5.4'));
    } catch (error) {
      expect((error as InvalidInputError).diagnostics[0]?.message).toBe(
        'cannot render "pyenv {{verison}}" for pyenv:2.5.4: "verison" not defined',
      );
    }
  });
});
