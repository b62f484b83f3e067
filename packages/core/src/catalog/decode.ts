import type { Diagnostic } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import { SourceMap } from './source-map.js';

const strict = new TextDecoder('utf-8', { fatal: true });
/**
 * The text of a catalog file's bytes, which must be UTF-8 (a UTF-8 byte order mark is dropped).
 * Anything else is an error at the line and column of the first byte that is not UTF-8, never text
 * with U+FFFD in it. Pure: the caller reads the file.
 */
export function decodeCatalogText(bytes: Uint8Array, file: string): string {
  return decodeUtf8(bytes, file, { keyPath: true });
}

/**
 * The text of any UTF-8 file the tool reads (templates, partials): the same check, positioned by line
 * and column; `keyPath` adds where the bad byte is in the YAML document.
 */
export function decodeUtf8(bytes: Uint8Array, file: string, options: { readonly keyPath?: boolean } = {}): string {
  try {
    return strict.decode(bytes);
  } catch {
    throw new InvalidInputError([notUtf8(bytes, file, options.keyPath === true)]);
  }
}

function notUtf8(bytes: Uint8Array, file: string, keyPath: boolean): Diagnostic {
  const lenient = new TextDecoder('utf-8');
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) {
    return {
      code: 'encoding',
      severity: 'error',
      file,
      position: { file, line: 1, column: 1 },
      message: 'the file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8',
      hint: `save it as UTF-8, e.g. iconv -f utf-16 -t utf-8 ${file}`,
    };
  }
  const bad = Math.max(0, firstInvalidUtf8(bytes));
  // The text before the bad byte is valid: its length is the offset in the decoded text.
  const before = lenient.decode(bytes.subarray(0, bad));
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = countLines(before);
  const column = before.length - lineStart + 1;
  const found = keyPath ? new SourceMap(file, lenient.decode(bytes)).pathAt(before.length) : [];
  // A key with the bad byte in it cannot be named: the path stops at its map.
  const cut = found.findIndex((segment) => String(segment).includes('\uFFFD'));
  const path = cut === -1 ? found : found.slice(0, cut);
  // The bad byte and the continuation bytes that follow it (the start of a character cut short).
  const sequence = [bytes[bad] ?? 0];
  for (let i = bad + 1; i < bad + sequenceLength(sequence[0] ?? 0); i++) {
    const next = bytes[i];
    if (next === undefined || next < 0x80 || next > 0xbf) break;
    sequence.push(next);
  }
  const hex = sequence.map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  const what = sequence.length === 1 ? `byte ${hex} is` : `bytes ${hex} are`;
  return {
    code: 'encoding',
    severity: 'error',
    file,
    position: { file, line, column },
    ...(path.length > 0 ? { path } : {}),
    message: `the file is not UTF-8: ${what} not a UTF-8 character (Latin-1 or Windows-1252 text?)`,
    hint: `save the file as UTF-8, e.g. iconv -f latin1 -t utf-8 ${file}`,
  };
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** How many bytes a sequence starting with `lead` claims (1 for a byte that cannot start one). */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

/**
 * Offset of the first byte that does not begin a well-formed UTF-8 sequence (no overlong forms,
 * no surrogates, nothing above U+10FFFF: what a fatal TextDecoder rejects), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(lead);
    if (length === 1) return i;
    // The second byte's range is narrower after some lead bytes (overlong forms, surrogates, > U+10FFFF).
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      if (k === 1 ? next < low || next > high : next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}
