import { CatalogToolError } from '../errors.js';

/**
 * The Source-to-Image (S2I) contract of a builder image, as OpenShift's builder reads it from the
 * image's labels and config: where its scripts are (`assemble`, `run`, `usage`), where the source
 * goes, and which user assembles. One home: the Flask template writes these labels, `catalog app
 * build` reads them here.
 */
export const S2I_LABELS = {
  /** `image:///usr/libexec/s2i`: the scripts inside the image. */
  scriptsUrl: 'io.openshift.s2i.scripts-url',
  /** The older spelling s2i still reads. */
  legacyScriptsUrl: 'io.s2i.scripts-url',
  /** The folder the source is put in (`<destination>/src`); default /tmp. */
  destination: 'io.openshift.s2i.destination',
  /** The user assemble runs as; default the image's USER. */
  assembleUser: 'io.openshift.s2i.assemble-user',
  /** Set on the app image: the builder it was built with. */
  buildImage: 'io.openshift.s2i.build.image',
  /** Set on the app image: where the source came from. */
  sourceLocation: 'io.openshift.s2i.build.source-location',
} as const;

export const DEFAULT_S2I_DESTINATION = '/tmp';

/** What an S2I build needs to know of its builder image. */
export interface S2iBuilder {
  /** The builder, pinned by digest: `<repository>@sha256:...`. */
  readonly pinned: string;
  /** The reference as asked for (`<registry>/flask:3.1.1-python3.13`). */
  readonly reference: string;
  /** The folder holding assemble and run, e.g. `/usr/libexec/s2i`. */
  readonly scriptsDir: string;
  /** Where the source is copied: `<destination>/src`. */
  readonly sourceDir: string;
  /** The numeric, non-root uid assemble and the app run as. */
  readonly uid: number;
}

/** The image is no S2I builder, or its S2I labels cannot be used. */
export class NotS2iBuilderError extends CatalogToolError {
  readonly exitCode = 1;
}

/** The image config parts read here (a subset of the OCI image config). */
export interface S2iImageConfig {
  readonly config?: { readonly Labels?: Readonly<Record<string, string>> | null; readonly User?: string };
}

/**
 * Reads the S2I contract from a builder image's config. Not a builder (no scripts-url label),
 * scripts outside the image (only `image://` URLs are supported: the build runs offline), or a
 * user that is not a numeric non-root uid are NotS2iBuilderErrors with a fix.
 */
export function s2iBuilderOf(reference: string, pinned: string, image: S2iImageConfig): S2iBuilder {
  const labels = image.config?.Labels ?? {};
  const url = labels[S2I_LABELS.scriptsUrl] ?? labels[S2I_LABELS.legacyScriptsUrl];
  if (url === undefined) {
    throw new NotS2iBuilderError(
      `${reference} is not an S2I builder image: it has no ${S2I_LABELS.scriptsUrl} label`,
      'pick a framework image that carries the S2I scripts (e.g. --from flask), or build with a Dockerfile (catalog init-app)',
    );
  }
  if (!url.startsWith('image://') || !url.slice('image://'.length).startsWith('/')) {
    throw new NotS2iBuilderError(
      `${reference}: ${S2I_LABELS.scriptsUrl}="${url}" is not an image:///path URL`,
      'catalog app build runs the scripts inside the builder image: label it image:///usr/libexec/s2i',
    );
  }
  const destination = labels[S2I_LABELS.destination] || DEFAULT_S2I_DESTINATION;
  if (!destination.startsWith('/')) {
    throw new NotS2iBuilderError(
      `${reference}: ${S2I_LABELS.destination}="${destination}" is not an absolute path`,
      `label the builder with an absolute folder, e.g. ${S2I_LABELS.destination}=/tmp`,
    );
  }
  return {
    pinned,
    reference,
    scriptsDir: url.slice('image://'.length).replace(/\/+$/, ''),
    sourceDir: `${destination.replace(/\/+$/, '')}/src`,
    uid: assembleUid(reference, labels[S2I_LABELS.assembleUser] || image.config?.User || ''),
  };
}

function assembleUid(reference: string, user: string): number {
  const uid = user.split(':')[0] ?? '';
  if (!/^\d+$/.test(uid) || Number(uid) === 0) {
    throw new NotS2iBuilderError(
      `${reference} assembles as user "${user || 'root'}": an S2I build needs a numeric non-root uid`,
      `set USER to a numeric uid in group 0 in the builder (or its ${S2I_LABELS.assembleUser} label), e.g. USER 10001`,
    );
  }
  return Number(uid);
}
