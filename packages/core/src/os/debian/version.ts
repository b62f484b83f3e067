/**
 * Debian package version ordering (`[epoch:]upstream[-revision]`), as dpkg compares them:
 * epochs numerically, then upstream versions, then revisions, each with dpkg's rule of alternating
 * non-digit and digit runs where `~` sorts before everything, even the end of the string.
 */
export interface DebianVersion {
  readonly epoch: number;
  readonly upstream: string;
  readonly revision: string;
}

const VERSION_PATTERN = /^(?:(\d+):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?$/;

/** Parses a Debian version; undefined when it is not one. */
export function parseDebianVersion(text: string): DebianVersion | undefined {
  const trimmed = text.trim();
  const match = VERSION_PATTERN.exec(trimmed);
  if (!match) return undefined;
  const upstream = match[2] as string;
  // Without an epoch, the upstream part may not contain ':'; without a revision, not '-'.
  if (match[1] === undefined && upstream.includes(':')) return undefined;
  if (match[3] === undefined && upstream.includes('-')) return undefined;
  return { epoch: Number(match[1] ?? 0), upstream, revision: match[3] ?? '' };
}

/** The weight of a character in a non-digit run: `~` lowest, then the end, then letters, then the rest. */
function order(char: string | undefined): number {
  if (char === undefined) return 0;
  if (char === '~') return -1;
  if (/[0-9]/.test(char)) return 0;
  if (/[A-Za-z]/.test(char)) return char.charCodeAt(0);
  return char.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp: compares an upstream version or a revision. */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = (a.charCodeAt(i) as number) - (b.charCodeAt(j) as number);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/** Negative when `a` sorts before `b`, 0 when equal, positive after; dpkg --compare-versions semantics. */
export function compareDebianVersions(a: DebianVersion | string, b: DebianVersion | string): number {
  const left = typeof a === 'string' ? requireVersion(a) : a;
  const right = typeof b === 'string' ? requireVersion(b) : b;
  if (left.epoch !== right.epoch) return left.epoch - right.epoch;
  const upstream = compareFragment(left.upstream, right.upstream);
  if (upstream !== 0) return upstream;
  return compareFragment(left.revision, right.revision);
}

function requireVersion(text: string): DebianVersion {
  const parsed = parseDebianVersion(text);
  if (!parsed) throw new RangeError(`not a Debian version: "${text}"`);
  return parsed;
}
