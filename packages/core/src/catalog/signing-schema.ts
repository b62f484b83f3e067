import { z } from 'zod';
import { SIGNING_MODES } from '../supply/signing.js';

/** `signing:` of the catalog: a mode (`off`, `key`, `keyless`) or a map `{ mode, key }`. */
export function signingSchemas() {
  const signingMode = z.enum(SIGNING_MODES);
  const signingMapSchema = z.strictObject({
    mode: signingMode.optional().meta({ description: 'key (default), keyless, or off.' }),
    key: z.string().min(1).optional().meta({
      description:
        'A cosign private key file, relative to the catalog folder; CATALOG_COSIGN_KEY overrides it. Default: a key pair generated on first use under the tool cache folder.',
    }),
  });
  const signingSchema = z.union([signingMode, signingMapSchema]).meta({
    description:
      'How build --push signs published images and their SBOM and provenance attestations with cosign: key (default), keyless (CI OIDC identity), or off (publish unsigned). CATALOG_SIGNING overrides the mode.',
  });

  return { signingMapSchema, signingSchema };
}
