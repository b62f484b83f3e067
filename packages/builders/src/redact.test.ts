import { describe, expect, it } from 'vitest';
import { formatArgv, redactArgv, shellQuote } from './redact.js';

describe('redactArgv', () => {
  it('hides secret mount files but keeps their ids', () => {
    expect(redactArgv(['buildah', 'build', '--secret', 'id=pip,src=/run/pip.conf', '--secret=id=npm,src=/x'])).toEqual([
      'buildah',
      'build',
      '--secret',
      'id=pip,src=***',
      '--secret=id=npm,src=***',
    ]);
  });

  it('hides values of password and token flags and NAME=value words', () => {
    expect(
      redactArgv([
        'skopeo',
        '--creds',
        'user:hunter2',
        '--password',
        'p',
        '--registry-token=t',
        '--password-stdin',
        '--build-arg',
        'NPM_TOKEN=abc',
        '--build-arg',
        'DB_PASSWORD=pw',
        '--build-arg',
        'GITHUB_API_KEY=k',
      ]),
    ).toEqual([
      'skopeo',
      '--creds',
      '***',
      '--password',
      '***',
      '--registry-token=***',
      '--password-stdin',
      '--build-arg',
      'NPM_TOKEN=***',
      '--build-arg',
      'DB_PASSWORD=***',
      '--build-arg',
      'GITHUB_API_KEY=***',
    ]);
  });

  it('hides passwords in URLs and leaves ordinary arguments alone', () => {
    expect(
      redactArgv([
        '--build-arg',
        'MIRROR_PYPI=https://bob:s3cret@pypi.example/simple',
        '--label',
        'org.opencontainers.image.authors=Acme <a@acme.example>',
        '--tls-verify=false',
        '--build-arg',
        `BASE_IMAGE=localhost:5000/acme/python@sha256:${'a'.repeat(64)}`,
      ]),
    ).toEqual([
      '--build-arg',
      'MIRROR_PYPI=https://bob:***@pypi.example/simple',
      '--label',
      'org.opencontainers.image.authors=Acme <a@acme.example>',
      '--tls-verify=false',
      '--build-arg',
      `BASE_IMAGE=localhost:5000/acme/python@sha256:${'a'.repeat(64)}`,
    ]);
  });
});

describe('formatArgv', () => {
  it('hides the builder auth file', () => {
    expect(redactArgv(['buildah', 'build', '--authfile', '/tmp/catalog-auth-x/auth.json', 'ctx'])).toEqual([
      'buildah',
      'build',
      '--authfile',
      '***',
      'ctx',
    ]);
    expect(redactArgv(['--authfile=/tmp/a.json'])).toEqual(['--authfile=***']);
  });

  it('quotes only what a shell would misread', () => {
    expect(shellQuote('plain/path:1.0')).toBe('plain/path:1.0');
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(formatArgv(['buildah', 'build', '--label', 'a=b c', 'NPM_TOKEN=x'])).toBe(
      "buildah build --label 'a=b c' 'NPM_TOKEN=***'",
    );
  });
});
