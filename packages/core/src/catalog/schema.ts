import { z } from 'zod';
import { deploySchema } from '../deploy/deploy-spec.js';
import { knownPlatformNames } from '../platform/platform.js';
import {
  type CatalogFormat,
  DURATION_SCHEMA_PATTERN,
  IMAGE_KINDS,
  IMAGE_NAME_PATTERN,
  TAG_PATTERN,
  VARIABLE_NAME_PATTERN,
  VERSIONING_SCHEMES,
} from './constants.js';
import { signingSchemas } from './signing-schema.js';
import { updatesSchemaOf } from './updates-schema.js';

export * from './constants.js';

/**
 * The catalog.yaml format. Structure and types live here; rules that span entries (parents, cycles,
 * defaults, version syntax) are checked after normalization. The committed JSON Schema is generated
 * from these definitions (`npm run schema`), so editors complete and check the same format.
 */

/** `builder.name`: one of the caller's engine names, else any non-empty name. */
function builderNameSchema(names: readonly string[] | undefined) {
  const first = names?.[0] === undefined ? '' : ` (${names[0]} first)`;
  const name: z.ZodType<string> = names === undefined ? z.string().min(1) : z.enum(names);
  return name.optional().meta({ description: `The builder; default: detected${first}.` });
}

function entrySchemas() {
  const variables = z
    .record(z.string().regex(VARIABLE_NAME_PATTERN), z.json())
    .meta({ description: 'Template variables, available to the Dockerfile template.' });

  const parentRef = z.string().min(1).meta({
    description:
      'Parent image: `<image>:<version>[-<variant>]` from this catalog, or a fully qualified external reference pinned by tag or digest (`docker.io/library/debian:trixie-slim`).',
  });

  const versionEntrySchema = z
    .object({
      from: parentRef.optional(),
      platforms: platformList("The platforms this version is built for (default: the image's)."),
      variants: z
        .array(z.string())
        .min(1)
        .optional()
        .meta({ description: 'Restricts which of the image variants this version is built in.' }),
    })
    .catchall(z.json())
    .meta({
      description: 'A version of the image. Keys other than `from`, `variants` and `platforms` are template variables.',
    });

  const variantEntrySchema = z
    .object({
      from: parentRef.optional(),
      default: z.boolean().optional().meta({ description: 'This variant owns the unsuffixed tags (at most one).' }),
      aliases: z
        .array(z.string().regex(TAG_PATTERN))
        .optional()
        .meta({ description: 'Extra tag suffixes, e.g. `slim` for a `slim-trixie` variant.' }),
      description: z.string().optional(),
    })
    .catchall(z.json())
    .meta({ description: 'A variant: one node per version x variant. Other keys are template variables.' });

  const tagPolicySchema = z
    .strictObject({
      major: z
        .boolean()
        .optional()
        .meta({ description: 'Publish the major alias (`3`). Default true; turn off when majors are incompatible.' }),
      minor: z.boolean().optional().meta({ description: 'Publish the major.minor alias (`3.13`). Default true.' }),
      latest: z.union([z.boolean(), z.string()]).optional().meta({
        description:
          'Publish `latest`: false (default), true (highest stable version) or a version line such as "3.12".',
      }),
    })
    .meta({ description: 'Which tags the image publishes besides the full version and the immutable -rN tag.' });
  return { variables, parentRef, versionEntrySchema, variantEntrySchema, tagPolicySchema };
}

/** `platforms:` at any level; each string is checked against the platform table in normalization. */
function platformList(description: string) {
  return z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .meta({ description: `${description} Platforms: ${knownPlatformNames()} (or an alias such as linux/arm64/v8).` });
}

function stepSchemas(format: CatalogFormat) {
  const builderSchema = z
    .strictObject({
      name: builderNameSchema(format.builderNames),
      storageDriver: z.string().optional().meta({ description: 'buildah/podman storage driver, e.g. vfs.' }),
      isolation: z.string().optional().meta({ description: 'buildah isolation, e.g. chroot.' }),
      extraArgs: z.array(z.string()).optional().meta({ description: 'Extra arguments for every build.' }),
    })
    .meta({ description: 'How images are built. CATALOG_BUILDAH_STORAGE_DRIVER, CATALOG_BUILDAH_ISOLATION override.' });

  const argv = z.array(z.string().min(1)).min(1);

  const prepareSchema = z
    .strictObject({
      run: argv.meta({
        description:
          'A command run from the catalog folder before the build (arguments are templates); its last output line names a file.',
      }),
      file: z
        .string()
        .min(1)
        .meta({ description: 'The name the produced file gets in the build context, e.g. rootfs.tar.' }),
    })
    .meta({
      description:
        'Produces a file the build context needs and the repository does not hold (e.g. a bootstrapped rootfs).',
    });

  const smokeTestSchema = z
    .strictObject({
      name: z.string().min(1),
      run: argv.meta({
        description: 'Command run in the built image (arguments are templates: {{version}}, {{vars.x}}).',
      }),
      user: z.string().optional().meta({ description: 'Run as this user, e.g. "1000770000:0" for an arbitrary UID.' }),
      expect: z.string().optional().meta({ description: 'Text the output must contain (a template).' }),
    })
    .meta({ description: 'A smoke test run by `catalog test` and after builds.' });
  return { builderSchema, prepareSchema, smokeTestSchema };
}

function secretAndUpdateSchemas() {
  const secretSchema = z
    .strictObject({
      id: z
        .string()
        .regex(/^[A-Za-z0-9_.-]+$/)
        .meta({ description: 'The id RUN --mount=type=secret,id=<id> uses.' }),
      env: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/)
        .meta({ description: 'The environment variable naming the file that holds the secret at build time.' }),
      required: z
        .boolean()
        .optional()
        .meta({ description: 'Fail the build when the variable is unset (default true).' }),
    })
    .meta({ description: 'A build secret, mounted by the builder for RUN steps; never an ENV or ARG.' });

  const securityUpdatesSchema = z
    .strictObject({
      suite: z.string().min(1).optional().meta({
        description:
          'The security suite the image installs from, a template; default the OS family\'s: "{{vars.suite}}-security" for Debian (trixie-security).',
      }),
      components: z
        .array(z.string().regex(/^[a-z0-9-]+$/))
        .min(1)
        .optional()
        .meta({ description: "Archive components to check (default the OS family's: [main] for Debian)." }),
      mirror: z.string().regex(VARIABLE_NAME_PATTERN).optional().meta({
        description:
          "A name under `mirrors:` whose URL is the security archive; default the OS family's environment variable (CATALOG_DEBIAN_SECURITY_MIRROR for Debian), else the host's package sources (apt sources).",
      }),
    })
    .meta({
      description:
        '`catalog upstream check`: compare the packages installed in this image and its descendants with the security suite of their OS family.',
    });
  const updatesSchema = updatesSchemaOf();
  return { secretSchema, securityUpdatesSchema, updatesSchema };
}

function imageSchemaOf(
  parts: ReturnType<typeof entrySchemas> & ReturnType<typeof stepSchemas> & ReturnType<typeof secretAndUpdateSchemas>,
) {
  const { parentRef, variables, versionEntrySchema, variantEntrySchema, tagPolicySchema } = parts;
  const { prepareSchema, smokeTestSchema, secretSchema, securityUpdatesSchema, updatesSchema } = parts;
  return z
    .strictObject({
      kind: z.enum(IMAGE_KINDS).meta({ description: 'os | runtime | framework | app. Apps cannot be parents.' }),
      title: z.string().optional(),
      description: z.string().optional(),
      from: parentRef.optional(),
      platforms: platformList(
        "The platforms every version is built for (default: the catalog's); each must be among its parent's.",
      ),
      family: z.string().min(1).optional().meta({
        description:
          'The OS family (debian, the default): which package partials, package list and security archive apply. Images built on a catalog image have its family.',
      }),
      versioning: z
        .enum(VERSIONING_SCHEMES)
        .optional()
        .meta({ description: 'How versions are compared: pep440 (default) or semver (default for apps).' }),
      template: z
        .string()
        .optional()
        .meta({ description: 'Dockerfile template (default images/<name>/Dockerfile.hbs).' }),
      context: z.string().optional().meta({ description: 'Build context folder (default images/<name>/).' }),
      vars: variables.optional(),
      versions: z
        .record(z.string().regex(TAG_PATTERN), versionEntrySchema.nullable())
        .meta({ description: 'Version -> template variables.' }),
      variants: z.record(z.string().regex(TAG_PATTERN), variantEntrySchema.nullable()).optional(),
      tags: tagPolicySchema.optional(),
      prepare: prepareSchema.optional(),
      artifact: z
        .strictObject({
          stage: z
            .string()
            .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/)
            .meta({ description: 'The Dockerfile stage whose files are the artifact (e.g. artifact).' }),
        })
        .optional()
        .meta({
          description:
            'Compile once, assemble often: the stage is built once per key (its inputs, not the parent digest) and stored beside the image in the registry; OS rebuilds reassemble the image from it. The final stage takes it FROM ${ARTIFACT_IMAGE}.',
        }),
      secrets: z.array(secretSchema).optional(),
      tests: z.array(smokeTestSchema).optional(),
      securityUpdates: securityUpdatesSchema.optional(),
      updates: updatesSchema.optional(),
      rebuildAfter: z.string().regex(DURATION_SCHEMA_PATTERN).optional().meta({
        description:
          'Maximum age of the published image (12h, 30d, 2w): `catalog upstream check` selects it for a rebuild when older.',
      }),
      deploy: deploySchema().optional(),
    })
    .meta({ description: 'An image: its versions (and variants) become nodes of the graph.' });
}

function topLevelSchemas(
  parts: ReturnType<typeof entrySchemas> &
    ReturnType<typeof stepSchemas> & { imageSchema: ReturnType<typeof imageSchemaOf> },
) {
  const { variables, builderSchema, imageSchema } = parts;
  const labelsSchema = z
    .strictObject({
      prefix: z.string().optional().meta({ description: 'Prefix of the lineage labels (default io.catalog).' }),
      vendor: z.string().optional(),
      licenses: z.string().optional(),
      authors: z.string().optional(),
      url: z.string().optional(),
      source: z.string().optional(),
      documentation: z.string().optional(),
    })
    .meta({ description: 'Values of the standard OCI labels shared by every image.' });

  const mirrors = z.record(z.string().regex(VARIABLE_NAME_PATTERN), z.string()).meta({
    description:
      'Download locations templates use, passed to builds as MIRROR_<NAME> build args (pythonBuild → MIRROR_PYTHON_BUILD). ' +
      'The values here are the defaults; CATALOG_MIRROR_<NAME> in the environment overrides them at build time.',
  });

  const lintSchema = z
    .strictObject({
      rules: z
        .record(z.string(), z.enum(['error', 'warning', 'off']))
        .optional()
        .meta({
          description:
            'Rule id (docs/lint-rules.md), or the hadolint code of the rule (DL3042) → its severity in `catalog lint`: error, warning, or off to skip the rule.',
        }),
    })
    .meta({ description: 'Settings of `catalog lint`.' });

  const { signingMapSchema, signingSchema } = signingSchemas();

  const topLevelShape = {
    registry: z.string().min(1).meta({
      description:
        'Where images are published, e.g. registry.example.com/acme. Overridable by CATALOG_REGISTRY or --registry.',
    }),
    labels: labelsSchema.optional(),
    mirrors: mirrors.optional(),
    builder: builderSchema.optional(),
    lint: lintSchema.optional(),
    signing: signingSchema.optional(),
    vars: variables.optional(),
    platforms: platformList(
      'The platforms every image is built for, published as one OCI image index per tag (default: the platform of the machine that runs catalog); images and versions may build fewer. An upstream change on other platforms triggers nothing.',
    ),
  };

  /** The document with images left unchecked: each image is validated on its own so one bad entry hides no others. */
  const catalogTopLevelSchema = z.strictObject({
    ...topLevelShape,
    images: z.record(z.string().regex(IMAGE_NAME_PATTERN), z.unknown()),
  });

  /** The whole format, for the JSON Schema. */
  const catalogSchema = z
    .strictObject({ ...topLevelShape, images: z.record(z.string().regex(IMAGE_NAME_PATTERN), imageSchema) })
    .meta({ title: 'catalog.yaml', description: 'A hierarchy of container base images.' });
  return { labelsSchema, signingMapSchema, catalogTopLevelSchema, catalogSchema };
}

/**
 * The schemas are built on first use: building them costs a few milliseconds at every start, and a
 * command that finds its catalog in the cache (see @catalog/cli's catalog-cache) never validates.
 */
function defineSchemas(format: CatalogFormat) {
  const parts = { ...entrySchemas(), ...stepSchemas(format), ...secretAndUpdateSchemas() };
  const imageSchema = imageSchemaOf(parts);
  return { ...parts, imageSchema, ...topLevelSchemas({ ...parts, imageSchema }) };
}

export type CatalogSchemas = ReturnType<typeof defineSchemas>;

/** The schemas built so far, by the builder names they accept (one entry in practice). */
const defined = new Map<string, CatalogSchemas>();

export function catalogSchemas(format: CatalogFormat = {}): CatalogSchemas {
  const key = JSON.stringify(format.builderNames ?? null);
  let schemas = defined.get(key);
  if (schemas === undefined) {
    schemas = defineSchemas(format);
    defined.set(key, schemas);
  }
  return schemas;
}

export type RawCatalogTop = z.infer<CatalogSchemas['catalogTopLevelSchema']>;
export type RawImage = z.infer<CatalogSchemas['imageSchema']>;
export type RawVersionEntry = z.infer<CatalogSchemas['versionEntrySchema']>;
export type RawVariantEntry = z.infer<CatalogSchemas['variantEntrySchema']>;

/**
 * JSON Schema (draft-07: what the YAML language server fully supports) of the catalog format.
 * catalog.schema.json is this with @catalog/builders' BUILDER_NAMES (tools/generate-schema.mjs).
 */
export function catalogJsonSchema(format: CatalogFormat = {}): Record<string, unknown> {
  const schema = catalogSchemas(format).catalogSchema;
  return z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
}
