/** A fetch wrapper that records `METHOD path` of every request, to count what a client did. */
export interface RequestLog {
  readonly fetch: typeof fetch;
  readonly requests: string[];
  /** Requests that write: POST, PUT, PATCH, DELETE. */
  writes(): string[];
  clear(): void;
}

export function recordingFetch(inner: typeof fetch = fetch): RequestLog {
  const requests: string[] = [];
  const recording = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    return inner(input, init);
  }) as typeof fetch;
  return {
    fetch: recording,
    requests,
    writes: () => requests.filter((request) => !request.startsWith('GET ') && !request.startsWith('HEAD ')),
    clear: () => {
      requests.length = 0;
    },
  };
}
