/** Docker Hub's pull rate limit as last reported by the registry (`ratelimit-*` headers). */
export interface RateLimit {
  /** Pulls allowed per window. */
  readonly limit: number;
  /** Pulls left in the current window. */
  readonly remaining: number;
  /** The window length in seconds (`w=21600`), when given. */
  readonly windowSeconds?: number;
  /** What the limit is counted against (`docker-ratelimit-source`: an IP or an account id). */
  readonly source?: string;
}

/** Reads `RateLimit-Limit` / `RateLimit-Remaining` (values like `100;w=21600`); undefined without them. */
export function readRateLimit(headers: Headers): RateLimit | undefined {
  const limit = parseValue(headers.get('ratelimit-limit'));
  const remaining = parseValue(headers.get('ratelimit-remaining'));
  if (!limit || !remaining) return undefined;
  const windowSeconds = limit.window ?? remaining.window;
  const source = headers.get('docker-ratelimit-source') ?? undefined;
  return {
    limit: limit.value,
    remaining: remaining.value,
    ...(windowSeconds !== undefined ? { windowSeconds } : {}),
    ...(source !== undefined ? { source } : {}),
  };
}

function parseValue(header: string | null): { value: number; window?: number } | undefined {
  if (header === null) return undefined;
  const [head, ...params] = header.split(';');
  const value = Number.parseInt(head ?? '', 10);
  if (!Number.isFinite(value)) return undefined;
  const windowParam = params.map((param) => param.trim()).find((param) => param.startsWith('w='));
  const window = windowParam ? Number.parseInt(windowParam.slice(2), 10) : Number.NaN;
  return Number.isFinite(window) ? { value, window } : { value };
}
