import { optional, runRmArgv } from '../argv.js';
import { CONTAINERS_CAPABILITIES, containersCommands } from './containers-common.js';
import type { BuilderEngine, SmokeTestSource } from './engine.js';

/**
 * podman: buildah's build code behind podman's CLI; daemonless, sees local parents, exports with
 * `podman push --format oci <image> oci:<dir>`. Its default storage driver and isolation are used
 * unless settings give them. Smoke tests use `podman run --rm`. (`podman run` fails on these
 * machines; `podman build` is not needed by the default builder.)
 */
/** Where `podman run` pulls from: pull policy, TLS and the registry credentials (`--authfile`). */
function podmanSourceFlags(source: SmokeTestSource): string[] {
  return [
    ...(source.pull === undefined ? [] : [`--pull=${source.pull}`]),
    ...(source.tlsVerify === undefined ? [] : [`--tls-verify=${source.tlsVerify}`]),
    ...optional('--authfile', source.authFile),
  ];
}

export const podmanEngine: BuilderEngine<'podman'> = {
  name: 'podman',
  executable: 'podman',
  installHint: 'install podman: apt-get install podman',
  capabilities: CONTAINERS_CAPABILITIES,
  exportsDuringBuild: false,
  commands: (settings) => containersCommands('podman', settings),
  smokeCommands: (settings, source) => ({
    kind: 'run',
    run: (image, test) => runRmArgv(settings.binary ?? 'podman', image, test, podmanSourceFlags(source)),
  }),
};
