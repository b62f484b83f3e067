import { describe, expect, it } from 'vitest';
import { downloadFailureHint, mirrorsUsedBy } from './download-hint.js';

describe('downloadFailureHint', () => {
  it.each([
    ['curl: (6) Could not resolve host: www.python.org'],
    ["curl: (7) Failed to connect to 127.0.0.1 port 8000 after 0 ms: Couldn't connect to server"],
    ['ERROR: No matching distribution found for flask==3.1.1'],
    ['error: failed to download Python-3.13.5.tar.xz'],
  ])('names the mirror setting for %j', (line) => {
    const hint = downloadFailureHint(['STEP 3/5: RUN ...', line, 'BUILD FAILED'], ['pythonBuild']);
    expect(hint).toContain(`a download failed (${line})`);
    expect(hint).toContain('CATALOG_MIRROR_PYTHON_BUILD (mirrors.pythonBuild)');
    expect(hint).toContain('.catalog/local.env');
  });

  it('names every mirror the node uses', () => {
    const hint = downloadFailureHint(['curl: (6) Could not resolve host: x'], ['pythonBuild', 'pypi']);
    expect(hint).toContain('CATALOG_MIRROR_PYTHON_BUILD (mirrors.pythonBuild) or CATALOG_MIRROR_PYPI (mirrors.pypi)');
  });

  it('says nothing for other failures or a node without mirrors', () => {
    expect(downloadFailureHint(['error: gcc: command not found'], ['pypi'])).toBeUndefined();
    expect(downloadFailureHint(['curl: (6) Could not resolve host: x'], [])).toBeUndefined();
  });
});

describe('mirrorsUsedBy', () => {
  it('finds the mirrors whose build arg the Dockerfile reads', () => {
    const dockerfile = [
      'ARG MIRROR_PYPI=https://pypi.org/simple',
      'ARG MIRROR_PYTHON_BUILD=',
      'RUN pip wheel --index-url "${MIRROR_PYPI}" -r requirements.txt',
    ].join('\n');
    expect(mirrorsUsedBy(dockerfile, ['pythonBuild', 'pypi'])).toEqual(['pypi']);
    expect(mirrorsUsedBy('RUN curl $MIRROR_PYTHON_BUILD/x', ['pythonBuild', 'pypi'])).toEqual(['pythonBuild']);
  });
});
