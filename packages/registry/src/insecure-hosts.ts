/** Hosts that are always spoken to over plain http, with any port: the loopback addresses. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Environment variable with more plain-http registries, comma-separated (`host` or `host:port`). */
export const INSECURE_REGISTRIES_ENV = 'CATALOG_INSECURE_REGISTRIES';

/**
 * Decides which registries are spoken to over plain http. An entry `host` matches that host with
 * any port; `host:port` matches exactly. Everything else uses https.
 */
export class InsecureHosts {
  private readonly entries: Set<string>;

  constructor(extra: readonly string[] = [], env: Readonly<Record<string, string | undefined>> = {}) {
    const fromEnv = (env[INSECURE_REGISTRIES_ENV] ?? '').split(',');
    this.entries = new Set([...LOOPBACK_HOSTS, ...extra, ...fromEnv].map(normalize).filter((entry) => entry !== ''));
  }

  /** Whether `host` (`name` or `name:port`) is spoken to over http. */
  has(host: string): boolean {
    const normalized = normalize(host);
    return this.entries.has(normalized) || this.entries.has(hostWithoutPort(normalized));
  }

  /** `http` or `https` for `host`. */
  scheme(host: string): 'http' | 'https' {
    return this.has(host) ? 'http' : 'https';
  }
}

/**
 * Whether a builder verifies TLS when it pulls from or pushes to `registry` (`host[:port]`, with or
 * without a namespace such as `ghcr.io/acme`): false for the plain-http hosts (loopback and
 * CATALOG_INSECURE_REGISTRIES), true for every other registry.
 */
export function tlsVerifyFor(registry: string, env: Readonly<Record<string, string | undefined>> = {}): boolean {
  return !new InsecureHosts([], env).has(registry);
}

function normalize(entry: string): string {
  return entry
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
}

/** `[::1]:5000` → `[::1]`, `host:5000` → `host`, `host` → `host`. */
function hostWithoutPort(host: string): string {
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(host);
  return match?.[1] ?? host;
}
