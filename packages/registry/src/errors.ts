import { CatalogToolError } from '@catalog/core';

/**
 * What went wrong, for callers that react differently (e.g. a missing tag is not fatal):
 * - `unreachable`: no HTTP answer (connection refused, DNS, TLS).
 * - `unauthorized`: 401/403, or no usable credentials for a challenge.
 * - `not-found`: 404 (no such tag, manifest, blob or repository).
 * - `rate-limited`: 429.
 * - `server`: 5xx.
 * - `rejected`: any other unexpected status (400, 405, ...).
 * - `digest-mismatch`: content does not hash to the digest it was asked or announced for.
 * - `malformed`: the registry answered something that is not what the protocol says.
 */
export type RegistryErrorKind =
  | 'unreachable'
  | 'unauthorized'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'rejected'
  | 'digest-mismatch'
  | 'malformed';

export interface RegistryErrorInit {
  readonly kind: RegistryErrorKind;
  /** The registry host as written in the reference (`docker.io`, `127.0.0.1:5000`). */
  readonly host: string;
  /** What was being done, e.g. `resolve 127.0.0.1:5000/acme/py:3.13`. */
  readonly operation: string;
  /** Why it failed, one line, without credentials. */
  readonly reason: string;
  readonly status?: number;
  /** The registry's own error code (`MANIFEST_UNKNOWN`, `DENIED`, ...) when it sent one. */
  readonly code?: string;
  readonly hint?: string;
  /** How many attempts were made (set when retries were involved). */
  readonly attempts?: number;
  /** Whether trying again later may succeed (network errors, 5xx, 429). */
  readonly retryable?: boolean;
  /** How long the registry asked to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/** A registry operation failed. Exit code 1; the message never contains credentials. */
export class RegistryError extends CatalogToolError {
  readonly exitCode = 1;
  readonly kind: RegistryErrorKind;
  readonly host: string;
  readonly operation: string;
  readonly reason: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly attempts: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(init: RegistryErrorInit) {
    const tries = init.attempts !== undefined && init.attempts > 1 ? ` (gave up after ${init.attempts} attempts)` : '';
    super(`cannot ${init.operation}: ${init.reason}${tries}`, init.hint);
    if (init.cause !== undefined) this.cause = init.cause;
    this.kind = init.kind;
    this.host = init.host;
    this.operation = init.operation;
    this.reason = init.reason;
    this.status = init.status;
    this.code = init.code;
    this.attempts = init.attempts;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** The same error, recording how many attempts were made before giving up. */
  withAttempts(attempts: number): RegistryError {
    return new RegistryError({ ...this.init(), attempts });
  }

  private init(): RegistryErrorInit {
    return {
      kind: this.kind,
      host: this.host,
      operation: this.operation,
      reason: this.reason,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.code !== undefined ? { code: this.code } : {}),
      ...(this.hint !== undefined ? { hint: this.hint } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      retryable: this.retryable,
      cause: this.cause,
    };
  }
}

/** Statuses with which registries with tag immutability (Harbor, ECR, ACR) refuse to overwrite a tag. */
const IMMUTABLE_TAG_STATUSES = new Set([400, 403, 405, 409, 412]);

/**
 * Whether a failed tag PUT may be a registry refusing to overwrite an existing tag (`TAG_INVALID`,
 * `DENIED`, "tag is immutable", ...). The same statuses also mean other things (a 403 without push
 * rights): a caller confirms by resolving the tag (it must exist, naming another digest).
 */
export function mayBeTagOverwriteRefusal(error: unknown): boolean {
  if (!(error instanceof RegistryError) || error.status === undefined) return false;
  return IMMUTABLE_TAG_STATUSES.has(error.status) || /immutable|already exists/i.test(error.reason);
}

/** A reference or repository name that does not follow the distribution grammar. */
export class InvalidReferenceError extends CatalogToolError {
  readonly exitCode = 1;
  readonly reference: string;

  constructor(reference: string, expected: string) {
    super(
      `invalid image reference '${reference}': expected ${expected}`,
      'repository names are lowercase letters, digits and separators (. _ -); tags are up to 128 letters, digits, _ . -',
    );
    this.reference = reference;
  }
}

/** An OCI image layout folder is missing a file or is inconsistent (exit code 1). */
export class OciLayoutError extends CatalogToolError {
  readonly exitCode = 1;
  readonly layoutDir: string;

  constructor(layoutDir: string, message: string, hint?: string) {
    super(
      `invalid OCI layout ${layoutDir}: ${message}`,
      hint ?? 'write the layout with `buildah push IMAGE oci:DIR` or `skopeo copy SOURCE oci:DIR`',
    );
    this.layoutDir = layoutDir;
  }
}
