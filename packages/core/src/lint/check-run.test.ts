import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.js';

/** `line:column` of the pipefail findings of a Dockerfile whose body starts on line 2. */
const pipefail = (body: string, from = 'FROM debian:13'): string[] =>
  lintDockerfile(`${from}\n${body}\nUSER 10001\n`, 'Dockerfile')
    .filter((f) => f.rule === 'pipefail')
    .map((f) => `${f.line}:${f.column}`);

describe('pipefail', () => {
  it('reports a pipe without pipefail at the command that reads it', () => {
    expect(pipefail('RUN curl -fsSL https://example.com/get.sh | sh')).toEqual(['2:45']);
    expect(pipefail('RUN ["/bin/bash", "-c", "wget -qO- https://example.com/x | tar -x"]')).toEqual(['2:39']);
  });

  it.each([
    'RUN set -o pipefail && curl -fsSL https://example.com/get.sh | sh',
    'RUN set -euxo pipefail; curl -fsSL https://example.com/get.sh | sh',
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/get.sh | sh',
    'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/get.sh | sh',
    'RUN ["/bin/bash", "-o", "pipefail", "-c", "curl -fsSL https://example.com/x | tar -x"]',
    'SHELL ["pwsh", "-Command"]\nRUN Invoke-WebRequest https://example.com/x | Out-File x',
    'RUN echo "$SHA256  /tmp/x.tgz" | sha256sum -c -',
    'RUN curl -fsSL https://example.com/x -o /tmp/x || true',
  ])('accepts %s', (body) => {
    expect(pipefail(body)).toEqual([]);
  });

  it('reads SHELL from the stage the RUN is built FROM, and only before the RUN', () => {
    const text = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b';
    expect(pipefail(text, 'FROM debian:13 AS base')).toEqual([]);
    expect(pipefail('RUN a | b\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]')).toEqual(['2:9']);
  });

  it('sees pipes inside command substitutions', () => {
    expect(pipefail('RUN export V="$(curl -fsSL https://example.com/v | cut -d. -f1)"')).toEqual(['2:52']);
  });
});
