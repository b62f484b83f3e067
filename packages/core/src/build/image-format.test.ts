import { describe, expect, it } from 'vitest';
import { imageFormatOf } from './image-format.js';

describe('imageFormatOf', () => {
  it('builds in the OCI format when the image needs nothing Docker-only', () => {
    expect(imageFormatOf('FROM debian:13\nRUN true\nCMD ["bash"]\n')).toEqual({ format: 'oci', keeps: [] });
  });

  it('builds in the docker format when the image has a HEALTHCHECK, which OCI configs cannot hold', () => {
    const text = 'FROM debian:13\nHEALTHCHECK --interval=30s CMD ["true"]\nCMD ["bash"]\n';
    expect(imageFormatOf(text)).toEqual({ format: 'docker-v2s2', keeps: ['HEALTHCHECK'] });
  });

  it('counts HEALTHCHECK NONE, SHELL and ONBUILD (lower case too), each once, in the order they come', () => {
    const text =
      'FROM debian:13\nshell ["/bin/bash", "-c"]\nONBUILD RUN true\nhealthcheck NONE\nHEALTHCHECK CMD true\n';
    expect(imageFormatOf(text)).toEqual({ format: 'docker-v2s2', keeps: ['SHELL', 'ONBUILD', 'HEALTHCHECK'] });
  });

  it('looks at the stages that end up in the image only', () => {
    const builder = 'FROM debian:13 AS build\nHEALTHCHECK CMD true\nRUN make\n';
    expect(imageFormatOf(`${builder}FROM debian:13\nCOPY --from=build /a /a\n`).format).toBe('oci');
    expect(imageFormatOf(`${builder}FROM build\nRUN true\n`).format).toBe('docker-v2s2');
  });
});
