import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../lint/index.js';
import { NotS2iBuilderError, S2I_LABELS, s2iBuilderOf } from './s2i-builder.js';
import { s2iDockerfile } from './s2i-dockerfile.js';

const REF = 'localhost:5000/acme/flask:3.1.1-python3.13';
const PINNED = `localhost:5000/acme/flask@sha256:${'a'.repeat(64)}`;
const flask = {
  config: {
    User: '10001',
    Labels: { [S2I_LABELS.scriptsUrl]: 'image:///usr/libexec/s2i', [S2I_LABELS.destination]: '/tmp' },
  },
};

function error(config: Parameters<typeof s2iBuilderOf>[2]): NotS2iBuilderError {
  try {
    s2iBuilderOf(REF, PINNED, config);
  } catch (caught) {
    if (caught instanceof NotS2iBuilderError) return caught;
    throw caught;
  }
  throw new Error('no error');
}

describe('s2iBuilderOf', () => {
  it('reads the scripts folder, the source folder and the assemble uid from the labels and USER', () => {
    expect(s2iBuilderOf(REF, PINNED, flask)).toEqual({
      pinned: PINNED,
      reference: REF,
      scriptsDir: '/usr/libexec/s2i',
      sourceDir: '/tmp/src',
      uid: 10001,
    });
  });

  it('takes the legacy label, the default destination and the assemble-user label', () => {
    const builder = s2iBuilderOf(REF, PINNED, {
      config: {
        User: 'app',
        Labels: { [S2I_LABELS.legacyScriptsUrl]: 'image:///opt/s2i/', [S2I_LABELS.assembleUser]: '1001:0' },
      },
    });
    expect(builder).toMatchObject({ scriptsDir: '/opt/s2i', sourceDir: '/tmp/src', uid: 1001 });
  });

  it('rejects an image without the scripts-url label, naming the label and a fix', () => {
    const e = error({ config: { User: '10001', Labels: {} } });
    expect(e.message).toBe(`${REF} is not an S2I builder image: it has no io.openshift.s2i.scripts-url label`);
    expect(e.hint).toContain('--from flask');
    expect(error({ config: {} }).message).toContain('no io.openshift.s2i.scripts-url label');
  });

  it('rejects scripts outside the image, a relative destination and a root or named user', () => {
    const labels = (extra: Record<string, string>) => ({ ...flask.config.Labels, ...extra });
    expect(
      error({ config: { User: '1', Labels: labels({ [S2I_LABELS.scriptsUrl]: 'https://x/s2i' }) } }).message,
    ).toContain('is not an image:///path URL');
    expect(error({ config: { User: '1', Labels: labels({ [S2I_LABELS.destination]: 'tmp' }) } }).message).toContain(
      'is not an absolute path',
    );
    expect(error({ config: { Labels: flask.config.Labels } }).message).toContain('assembles as user "root"');
    expect(error({ config: { User: '0:0', Labels: flask.config.Labels } }).hint).toContain('USER 10001');
    expect(error({ config: { User: 'app', Labels: flask.config.Labels } }).message).toContain('numeric non-root uid');
  });
});

describe('s2iDockerfile', () => {
  const text = s2iDockerfile({
    builder: s2iBuilderOf(REF, PINNED, flask),
    sourceLocation: 'images/hello',
    buildArgs: [{ name: 'MIRROR_PYPI', value: 'https://pypi.org/simple' }],
  });

  it('copies the source to <destination>/src as the assemble user, assembles, and runs `run`', () => {
    expect(text).toBe(`# Source-to-Image build of images/hello with ${REF} (written by catalog app build).
FROM ${PINNED}
ARG MIRROR_PYPI="https://pypi.org/simple"
LABEL io.openshift.s2i.build.image="${REF}" \\
      io.openshift.s2i.build.source-location="images/hello"
COPY --chown=10001:0 src/ /tmp/src/
USER 10001
RUN ["/usr/libexec/s2i/assemble"]
CMD ["/usr/libexec/s2i/run"]
`);
  });

  it('passes catalog lint: pinned FROM, numeric non-root USER, exec-form CMD', () => {
    const findings = lintDockerfile(text, 'Dockerfile');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
