import { describe, expect, it } from 'vitest';
import { isPinnedRequirement } from './check-pip.js';
import { lintDockerfile } from './lint-dockerfile.js';

const PIP_RULES = new Set(['pip-no-cache-dir', 'pip-unpinned']);

/** `line:column rule` of the pip findings of a Dockerfile whose body starts on line 2. */
const findings = (body: string): string[] =>
  lintDockerfile(`FROM python:3.13\n${body}\nUSER 10001\n`, 'Dockerfile')
    .filter((f) => PIP_RULES.has(f.rule))
    .map((f) => `${f.line}:${f.column} ${f.rule}`);

describe('pip-no-cache-dir', () => {
  it.each([
    'RUN pip install --no-cache-dir -r requirements.txt',
    'RUN pip --no-cache-dir install -r requirements.txt',
    'RUN python3 -m pip install --no-cache-dir --upgrade "pip==25.1"',
    'ENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt',
    'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
    'RUN pip wheel --wheel-dir /w -r requirements.txt',
  ])('accepts %s', (body) => {
    expect(findings(body)).toEqual([]);
  });

  it('reports pip, pip3 and python -m pip at the command', () => {
    expect(findings('RUN pip3 install -r a.txt && python -m pip install -r b.txt')).toEqual([
      '2:5 pip-no-cache-dir',
      '2:30 pip-no-cache-dir',
    ]);
  });
});

describe('pip-unpinned', () => {
  it.each([
    'flask==3.1.1',
    'flask>=3.1,<3.2',
    'flask~=3.1.0',
    'flask[async]==3.1.1',
    'flask @ https://files.example/flask-3.1.1-py3-none-any.whl',
    '.',
    './app',
    '/tmp/wheels/flask-3.1.1-py3-none-any.whl',
    'dist/app-1.0.tar.gz',
    '${FLASK_SPEC}',
  ])('%s is pinned', (requirement) => {
    expect(isPinnedRequirement(requirement)).toBe(true);
  });

  it.each(['flask', 'flask[async]', 'pip'])('%s is not pinned', (requirement) => {
    expect(isPinnedRequirement(requirement)).toBe(false);
  });

  it.each([
    'RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt',
    'RUN pip install --no-cache-dir "flask==3.1.1" "gunicorn==23.0.0"',
    'RUN pip install --no-cache-dir --no-index --find-links /tmp/wheels flask',
    'RUN pip install --no-cache-dir --no-index --find-links=/tmp/wheels -r /tmp/requirements.txt',
    'RUN pip install --no-cache-dir -e ./src',
  ])('accepts %s', (body) => {
    expect(findings(body)).toEqual([]);
  });

  it('reports the first unpinned requirement, naming them all, in builder stages too', () => {
    const text = 'FROM python:3.13 AS build\nRUN pip install --no-cache-dir flask==3.1.1 gunicorn pip\nFROM scratch';
    const found = lintDockerfile(text, 'Dockerfile').filter((f) => f.rule === 'pip-unpinned');
    expect(found.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      '2:45 pip installs gunicorn, pip without a version, so every build may get another one; pin it (name==1.2.3) or use -r requirements.txt',
    ]);
  });

  it('needs both --no-index and --find-links to accept unpinned names', () => {
    expect(findings('RUN pip install --no-cache-dir --find-links /tmp/wheels flask')).toEqual(['2:57 pip-unpinned']);
  });
});
