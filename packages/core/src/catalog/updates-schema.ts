import { z } from 'zod';
import { VARIABLE_NAME_PATTERN } from './constants.js';

/** `updates:` of an image: where `catalog upstream versions` finds its new releases (see core/src/updates/). */
export function updatesSchemaOf() {
  return z
    .strictObject({
      source: z.enum(['cpython', 'pypi', 'debian', 'oci']).meta({
        description:
          "Where new releases are announced: cpython (python.org's release index with its SHA-256 checksums), pypi (the project's PEP 691 JSON page), debian (a suite's Sources or Packages index, signature checked), oci (a repository's tags).",
      }),
      project: z.string().min(1).optional().meta({
        description:
          'The PyPI project, the Debian package, or the OCI repository (registry/name); required for pypi, debian and oci.',
      }),
      mirror: z.string().regex(VARIABLE_NAME_PATTERN).optional().meta({
        description:
          'The `mirrors:` entry whose URL serves the index (its CATALOG_MIRROR_<NAME> overrides it); required for cpython and pypi. debian without one: CATALOG_DEBIAN_MIRROR, else the apt sources.',
      }),
      suite: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]*$/)
        .optional()
        .meta({ description: 'debian: the suite whose index is read, e.g. trixie.' }),
      index: z
        .enum(['sources', 'packages'])
        .optional()
        .meta({ description: 'debian: Sources (source packages, the default) or Packages (binary packages).' }),
      policy: z.enum(['patch', 'minor']).optional().meta({
        description:
          'patch (default): newer releases of each major.minor the image has; minor: newer releases of each major.',
      }),
      prereleases: z.boolean().optional().meta({ description: 'Propose pre-releases too (default false).' }),
      keep: z.boolean().optional().meta({
        description:
          'true: a new release is added beside the version it supersedes; false (default): it replaces it, and references to it (from:) follow.',
      }),
    })
    .meta({
      description:
        '`catalog upstream versions`: where new releases of this image are announced, and which of them to propose.',
    });
}
