/**
 * The URI of the first apt source of a `*-security` suite in one apt sources file, as apt reads
 * them: deb822 when its name ends in `.sources` (stanzas with `Enabled: no` skipped), one-line
 * `deb <uri> <suite> …` entries when it ends in `.list`; apt ignores other files, and so does this.
 * Without trailing slashes.
 */
export function aptSecuritySource(path: string, text: string): string | undefined {
  const security = (suite: string) => suite.endsWith('-security');
  const site = path.endsWith('.sources')
    ? fromDeb822(text, security)
    : path.endsWith('.list')
      ? fromOneLine(text, security)
      : undefined;
  return site?.replace(/\/+$/, '');
}

/** The URI of the first apt source (deb or deb-src) of the suite, e.g. `trixie`: a Debian archive that has it. */
export function aptArchiveSource(path: string, text: string, suite: string): string | undefined {
  const archive = (name: string) => name === suite;
  const kinds = ['deb', 'deb-src'];
  const site = path.endsWith('.sources')
    ? fromDeb822(text, archive, kinds)
    : path.endsWith('.list')
      ? fromOneLine(text, archive, kinds)
      : undefined;
  return site?.replace(/\/+$/, '');
}

function fromDeb822(text: string, wanted: (suite: string) => boolean, kinds = ['deb']): string | undefined {
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim();
    if (field('Enabled')?.toLowerCase() === 'no') continue;
    const suites = field('Suites')?.split(/\s+/) ?? [];
    const types = field('Types')?.split(/\s+/) ?? [];
    if (types.some((t) => kinds.includes(t)) && suites.some(wanted)) return field('URIs')?.split(/\s+/)[0];
  }
  return undefined;
}

function fromOneLine(text: string, wanted: (suite: string) => boolean, kinds = ['deb']): string | undefined {
  for (const line of text.split('\n')) {
    const words = line
      .replace(/\[[^\]]*\]/, '')
      .trim()
      .split(/\s+/);
    if (words[0] && kinds.includes(words[0]) && words[2] && wanted(words[2])) return words[1];
  }
  return undefined;
}
