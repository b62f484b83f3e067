import { homedir } from 'node:os';
import { type CatalogNode, placeholder } from '@catalog/core';
import {
  builderCredentials,
  dockerConfigDir,
  parseReference,
  parseRepository,
  removeStaleBuilderAuthFiles,
  writeBuilderAuthFile,
} from '@catalog/registry';
import type { CliIo } from './io.js';
import { credentialHelperRunner } from './registry-client.js';

/** The builder's temporary auth file for a command; `remove` deletes it (a no-op when there is none). */
export interface BuilderAuth {
  readonly authFile?: string;
  /** Auth folders of killed runs (their process is gone) removed before this one was written. */
  readonly removedStale?: readonly string[];
  remove(): Promise<void>;
}

/** The hosts of the external parents of the nodes (Docker Hub, quay.io, …). */
function externalHosts(nodes: readonly CatalogNode[]): string[] {
  return nodes.flatMap((node) => (node.parent?.type === 'external' ? [parseReference(node.parent.ref).host] : []));
}

/**
 * Hands the registry credentials catalog itself uses (environment, auth files, credential helpers)
 * to the builder: a 0600 auth file for the catalog's registry and the external parents' hosts,
 * which buildah and podman read with --authfile and docker and kaniko as their DOCKER_CONFIG
 * folder. A dry run writes nothing and shows a placeholder where the file would go.
 */
export async function builderAuth(
  registry: string,
  nodes: readonly CatalogNode[],
  io: Pick<CliIo, 'env'>,
  dryRun = false,
): Promise<BuilderAuth> {
  const sources = { env: io.env, runHelper: credentialHelperRunner(io) };
  const credentials = await builderCredentials(sources, parseRepository(registry).host, externalHosts(nodes));
  if (dryRun)
    return credentials.size > 0 ? { authFile: placeholder('registry auth file'), remove: async () => {} } : none;
  // A run killed with SIGKILL could not remove its file (it holds credentials): the next one does.
  const removedStale = await removeStaleBuilderAuthFiles();
  const written = await writeBuilderAuthFile(credentials, { dockerConfigDir: dockerConfigDir(io.env, homedir()) });
  return { ...(written ? { authFile: written.file, remove: written.remove } : none), removedStale };
}

/** `{ authFile }` to spread into settings, or nothing. */
export function authFileOf(auth: BuilderAuth): { authFile?: string } {
  return auth.authFile === undefined ? {} : { authFile: auth.authFile };
}

const none: BuilderAuth = { remove: async () => {} };
