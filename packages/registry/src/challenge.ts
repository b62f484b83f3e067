/** One `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export interface Challenge {
  /** Lowercase scheme: `bearer`, `basic`, … */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

const SCHEME = /^\s*([A-Za-z][A-Za-z0-9._-]*)(?:\s+|$)/;
const PARAM = /^\s*([A-Za-z][A-Za-z0-9._-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/;

/**
 * Parses the challenges of a `WWW-Authenticate` header. Quoted values may contain commas
 * (`scope="repository:a:pull,push"`); a token after a comma that is not `key=` starts a new challenge.
 */
export function parseChallenges(header: string | null): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = header ?? '';
  while (rest.trim() !== '') {
    const scheme = SCHEME.exec(rest);
    if (!scheme?.[1]) break;
    rest = rest.slice(scheme[0].length);
    const params: Record<string, string> = {};
    for (let param = PARAM.exec(rest); param?.[1]; param = PARAM.exec(rest)) {
      params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
      rest = rest.slice(param[0].length);
    }
    challenges.push({ scheme: scheme[1].toLowerCase(), params });
    rest = rest.replace(/^\s*,/, '');
  }
  return challenges;
}

/** The pull (or pull and push) scope of a repository for a token request. */
export function repositoryScope(repository: string, push: boolean): string {
  return `repository:${repository}:${push ? 'pull,push' : 'pull'}`;
}
