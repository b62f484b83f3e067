import { RegistryError, type RegistryErrorKind } from './errors.js';
import { INSECURE_REGISTRIES_ENV } from './insecure-hosts.js';
import { parseRetryAfter } from './retry.js';

/** Where an error happened: the registry host and the operation, for RegistryError. */
export interface ErrorContext {
  readonly host: string;
  readonly operation: string;
}

export const START_LOCAL_REGISTRY = '`tools/registry.sh start` starts a local one';

const TLS_CODES = /SSL|TLS|CERT|EPROTO/i;
const MAX_ERROR_BODY = 16 * 1024;

/** A failed fetch (no HTTP answer) as a retryable RegistryError with a hint about what to check. */
export function networkError(context: ErrorContext, error: unknown, target: string, local: boolean): RegistryError {
  if (!(error instanceof TypeError)) throw error;
  const code = causeCode(error);
  if (code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') {
    return new RegistryError({
      ...context,
      kind: 'digest-mismatch',
      reason: 'the content is not as long as its declared size',
      hint: 'the size given for the blob does not match its content; check where the size and content come from',
      cause: error,
    });
  }
  const tls = TLS_CODES.test(code);
  let hint: string;
  if (tls) {
    hint = local
      ? 'the TLS handshake failed; check the registry address'
      : `if ${target} speaks plain http, add it to ${INSECURE_REGISTRIES_ENV} (comma-separated hosts)`;
  } else {
    hint = local
      ? `is the registry running? ${START_LOCAL_REGISTRY}`
      : `check the registry address and the network; is the registry running? (${START_LOCAL_REGISTRY})`;
  }
  return new RegistryError({
    ...context,
    kind: 'unreachable',
    reason: `no answer from ${target} (${code})`,
    hint,
    retryable: !tls,
    cause: error,
  });
}

/** Hints the caller knows better than the defaults, per status class. */
export interface StatusHints {
  readonly notFound?: string;
  readonly refused?: string;
  /** For other 4xx answers (e.g. 400 DIGEST_INVALID on an upload). */
  readonly rejected?: string;
}

/** An unexpected HTTP status as a RegistryError, with the registry's error code and message when it sent them. */
export async function statusError(
  context: ErrorContext,
  response: Response,
  hints: StatusHints = {},
): Promise<RegistryError> {
  const status = response.status;
  const detail = await registryErrorDetail(response);
  const kind = statusKind(status);
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  const reason = `HTTP ${status}${detail.code ? ` ${detail.code}` : ''}${detail.message ? `: ${detail.message}` : ''}`;
  return new RegistryError({
    ...context,
    kind,
    status,
    reason,
    ...(detail.code ? { code: detail.code } : {}),
    hint: statusHint(kind, hints, retryAfterMs),
    retryable: kind === 'server' || kind === 'rate-limited',
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function statusKind(status: number): RegistryErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'rejected';
}

function statusHint(kind: RegistryErrorKind, hints: StatusHints, retryAfterMs: number | undefined): string {
  switch (kind) {
    case 'not-found':
      return hints.notFound ?? 'check the repository name, tag and digest';
    case 'unauthorized':
      return hints.refused ?? 'check the credentials for this registry';
    case 'rate-limited': {
      const wait = retryAfterMs !== undefined ? ` (it asks to wait ${Math.ceil(retryAfterMs / 1000)} s)` : '';
      return `the registry limits the request rate${wait}; try again later, or log in: authenticated users get higher limits`;
    }
    case 'server':
      return 'the registry failed; try again later, or look at its logs';
    default:
      return hints.rejected ?? 'the registry refused the request; its message says why';
  }
}

/** The first `{errors: [{code, message}]}` entry of an error body (bounded read). */
async function registryErrorDetail(response: Response): Promise<{ code?: string; message?: string }> {
  let text = '';
  try {
    text = (await response.text()).slice(0, MAX_ERROR_BODY);
  } catch {
    return {};
  }
  try {
    const body = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    const first = Array.isArray(body.errors) ? body.errors[0] : undefined;
    return {
      ...(typeof first?.code === 'string' ? { code: first.code } : {}),
      ...(typeof first?.message === 'string' ? { message: first.message } : {}),
    };
  } catch {
    return {};
  }
}

function causeCode(error: TypeError): string {
  const cause = error.cause as { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } | undefined;
  if (typeof cause?.code === 'string') return cause.code;
  const inner = cause?.errors?.find((entry) => typeof entry.code === 'string')?.code;
  if (typeof inner === 'string') return inner;
  return typeof cause?.message === 'string' ? cause.message : error.message;
}
