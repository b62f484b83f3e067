import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { GITHUB_ACTIONS_ISSUER, type VerifyOptions } from './verify-options.js';

export function registerVerify(program: Command, io: CliIo): void {
  program
    .command('verify')
    .description(
      'check a published image: its cosign signature, a signed CycloneDX SBOM and a signed SLSA provenance about its digest that names this catalog (exit 1 with the reason otherwise)',
    )
    .argument('<ref>', 'the image: host/repository:tag or host/repository@sha256:...')
    .option(
      '--key <file>',
      "the cosign public key (default: the public half of the catalog's signing key, or of the key generated under the cache folder)",
    )
    .option('--identity <identity>', 'verify a keyless signature by this signer identity (e.g. the workflow URL)')
    .option('--issuer <url>', 'the OIDC issuer of --identity', GITHUB_ACTIONS_ISSUER)
    .action(async (reference: string, options: VerifyOptions, command: Command) => {
      const { verifyAction } = await import('./verify-action.js');
      await verifyAction(reference, options, command, io);
    });
}
