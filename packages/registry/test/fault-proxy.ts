/**
 * A fault-injecting HTTP proxy for tests, in front of a real registry (see local-registry.ts): each
 * request is forwarded unless a rule matches it, and a matching rule answers with a status (500,
 * 429 with Retry-After), delays the request, or drops the connection. A rule applies `times` times
 * (default: always). Every request is logged as `METHOD /path → status|fault`.
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
  stop(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 with a free port, forwarding to `target` (`http://127.0.0.1:5000`). */
export async function startFaultProxy(target: string, rules: readonly FaultRule[]): Promise<FaultProxy> {
  const upstream = new URL(target);
  const left = rules.map((rule) => rule.times ?? Number.POSITIVE_INFINITY);
  const log: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const line = `${incoming.method} ${incoming.url}`;
    const index = rules.findIndex(
      (rule, i) => (left[i] ?? 0) > 0 && rule.match({ method: incoming.method ?? '', path: incoming.url ?? '' }),
    );
    const fault = index >= 0 ? rules[index]?.fault : undefined;
    if (index >= 0) left[index] = (left[index] ?? 0) - 1;
    const forward = () => {
      const proxied = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: upstream.host },
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
    if ('delayMs' in fault) {
      log.push(`${line} → delayed ${fault.delayMs} ms`);
      setTimeout(forward, fault.delayMs);
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
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
