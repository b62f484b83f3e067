/** What replaces a hidden value. */
export const REDACTED = '***';

/** Names whose values are secrets: `NPM_TOKEN=…`, `--password …`, `REGISTRY_PASSWD=…`. */
const SECRET_NAME = /(passw(or)?d|passwd|token|secret|api[_-]?key|credential|private[_-]?key|creds?$|_auth$)/i;
/** Flags whose next argument (or `=value`) is a secret. */
const SECRET_FLAG = /^--?[\w-]*(passw(or)?d|passwd|token|creds?|credentials|api-?key|authfile)$/i;
const URL_USERINFO = /(\w+:\/\/[^/\s:@]*):[^/\s@]+@/g;

/** `id=x,src=file` → `id=x,src=***`: the id names the mount, the rest stays out of logs. */
function redactSecretSpec(spec: string): string {
  return spec
    .split(',')
    .map((part) => (part.startsWith('id=') ? part : `${part.split('=')[0] ?? ''}=${REDACTED}`))
    .join(',');
}

function redactWord(word: string): string {
  const withoutUserinfo = word.replace(URL_USERINFO, `$1:${REDACTED}@`);
  const eq = withoutUserinfo.indexOf('=');
  if (eq <= 0) return withoutUserinfo;
  const name = withoutUserinfo.slice(0, eq);
  if (name === '--secret') return `--secret=${redactSecretSpec(withoutUserinfo.slice(eq + 1))}`;
  if (SECRET_FLAG.test(name) || (!name.startsWith('-') && SECRET_NAME.test(name))) {
    return `${name}=${REDACTED}`;
  }
  return withoutUserinfo;
}

/**
 * The argv with secrets hidden, for logs: values of `--secret`, of flags such as `--password` or
 * `--creds` or `--authfile`, of `NAME=value` words whose name looks like a password or token, and passwords in URLs.
 */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((word, index) => {
    const previous = index > 0 ? argv[index - 1] : undefined;
    if (previous === '--secret') return redactSecretSpec(word);
    if (previous !== undefined && SECRET_FLAG.test(previous)) return REDACTED;
    return redactWord(word);
  });
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The argv as a copy-pastable command line, secrets hidden. */
export function formatArgv(argv: readonly string[]): string {
  return redactArgv(argv).map(shellQuote).join(' ');
}
