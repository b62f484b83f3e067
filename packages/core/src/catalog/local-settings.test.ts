import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { parseLocalSettings } from './local-settings.js';

describe('parseLocalSettings', () => {
  it('reads NAME=value lines, with export, quotes and comments', () => {
    const text = [
      '# written by tools/example.sh',
      'export CATALOG_MIRROR_PYPI=http://127.0.0.1:8000/simple',
      '',
      "CATALOG_MIRROR_PYTHON_BUILD='http://127.0.0.1:8000/python-build'",
      'CATALOG_REGISTRY = "127.0.0.1:5000/acme"',
    ].join('\n');
    expect(parseLocalSettings(text, '.catalog/local.env')).toEqual({
      CATALOG_MIRROR_PYPI: 'http://127.0.0.1:8000/simple',
      CATALOG_MIRROR_PYTHON_BUILD: 'http://127.0.0.1:8000/python-build',
      CATALOG_REGISTRY: '127.0.0.1:5000/acme',
    });
  });

  it('rejects malformed lines and other variables, with positions', () => {
    let error: unknown;
    try {
      parseLocalSettings('PATH=/bin\n  nonsense\n', '.catalog/local.env');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).diagnostics).toMatchObject([
      { position: { line: 1, column: 1 }, message: 'PATH: only CATALOG_* settings belong here' },
      { position: { line: 2, column: 3 }, message: 'not a NAME=value line: nonsense' },
    ]);
  });
});
