/**
 * A fault-injecting HTTP proxy for tests, in front of a real registry (see local-registry.ts): each
 * request is forwarded unless a rule matches it, and a matching rule answers with a status (500,
 * 429 with Retry-After), delays the request (it reaches the registry after the delay, unless the
 * client gave up meanwhile), stalls it (never answered, never forwarded) or drops the connection.
 * A rule applies `times` times (default: always). Every request is logged as
 * `METHOD /path → status|fault`; `arrivals` lists them as they arrive, and `arrival` waits for one.
 *
 *   const proxy = await startFaultProxy(registry.url, [
 *     { match: (r) => r.method === 'PUT', times: 2, fault: { status: 500 } },
 *   ]);
 *   new RegistryClient({ ... }).pushOciLayout(dir, `${proxy.host}/acme/app`);
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { readonly status: number; readonly retryAfter?: number }
  | { readonly delayMs: number }
  | { readonly stall: true }
  | { readonly drop: true };

export interface FaultRule {
  readonly match: (request: { readonly method: string; readonly path: string }) => boolean;
  readonly fault: Fault;
  /** How many matching requests get the fault (default: all). */
  readonly times?: number;
}

export interface FaultProxy {
  /** `127.0.0.1:PORT`, the registry part of image references. */
  readonly host: string;
  /** `METHOD /path → status` or `METHOD /path → fault`, in order. */
  readonly log: string[];
  /** `METHOD /path` of every request, in the order they arrived (before any fault or answer). */
  readonly arrivals: string[];
  /** Resolves with the first request (`METHOD /path`) arriving from now on that `match` accepts. */
  arrival(match: FaultRule['match']): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 with a free port, forwarding to `target` (`http://127.0.0.1:5000`). */
export async function startFaultProxy(target: string, rules: readonly FaultRule[]): Promise<FaultProxy> {
  const upstream = new URL(target);
  const left = rules.map((rule) => rule.times ?? Number.POSITIVE_INFINITY);
  const log: string[] = [];
  const arrivals: string[] = [];
  const waiting = new Set<{ match: FaultRule['match']; resolve: (line: string) => void }>();
  const server: Server = createServer((incoming, outgoing) => {
    const line = `${incoming.method} ${incoming.url}`;
    arrivals.push(line);
    for (const waiter of waiting) {
      if (!waiter.match({ method: incoming.method ?? '', path: incoming.url ?? '' })) continue;
      waiting.delete(waiter);
      waiter.resolve(line);
    }
    const index = rules.findIndex(
      (rule, i) => (left[i] ?? 0) > 0 && rule.match({ method: incoming.method ?? '', path: incoming.url ?? '' }),
    );
    const fault = index >= 0 ? rules[index]?.fault : undefined;
    if (index >= 0) left[index] = (left[index] ?? 0) - 1;
    let forwarded = false;
    const forward = () => {
      forwarded = true;
      const proxied = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          // The client's Host stays: the registry's upload locations then point at the proxy too.
          headers: incoming.headers,
        },
        (answer: IncomingMessage) => {
          log.push(`${line} → ${answer.statusCode}`);
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      proxied.on('error', () => outgoing.destroy());
      incoming.pipe(proxied);
    };
    if (fault === undefined) return forward();
    if ('drop' in fault) {
      log.push(`${line} → dropped`);
      incoming.socket.destroy();
      return;
    }
    if ('stall' in fault) {
      log.push(`${line} → stalled`);
      return;
    }
    if ('delayMs' in fault) {
      log.push(`${line} → delayed ${fault.delayMs} ms`);
      const timer = setTimeout(forward, fault.delayMs);
      // A client that gives up during the delay never reaches the registry.
      incoming.socket.once('close', () => {
        if (!forwarded) {
          clearTimeout(timer);
          log.push(`${line} → client gone during the delay, not forwarded`);
        }
      });
      return;
    }
    log.push(`${line} → ${fault.status}`);
    incoming.resume();
    const headers = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
    outgoing.writeHead(fault.status, { ...headers, 'content-type': 'application/json' });
    outgoing.end('{"errors":[{"code":"UNAVAILABLE","message":"injected fault"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    log,
    arrivals,
    arrival: (match) => new Promise((resolve) => waiting.add({ match, resolve })),
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
