/**
 * Build variables as the linter sees them: a name maps to its value, or to `null` when it is
 * declared without a default (its value comes from the build and is unknown here).
 */
export type Scope = ReadonlyMap<string, string | null>;

const REFERENCE = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` and `${VAR+alt}`
 * like Docker does; undefined when a value the result depends on is unknown.
 */
export function expand(text: string, scope: Scope): string | undefined {
  let unknown = false;
  const result = text.replace(REFERENCE, (match, braced?: string, modifier?: string, word?: string, bare?: string) => {
    if (match === '\\$') return '$';
    const value = scope.get(braced ?? bare ?? '');
    const replaced = applyModifier(value, modifier, word ?? '');
    if (replaced === undefined) unknown = true;
    return replaced ?? '';
  });
  return unknown ? undefined : result;
}

function applyModifier(
  value: string | null | undefined,
  modifier: string | undefined,
  word: string,
): string | undefined {
  if (value === null) return undefined;
  const set = modifier?.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
  if (modifier === undefined) return value;
  if (modifier.endsWith('-')) return set ? value : word;
  return set ? word : '';
}

/** Whether the text references a variable at all. */
export function hasVariable(text: string): boolean {
  return /\$\{?[A-Za-z_]/.test(text);
}
