import { describe, expect, it } from 'vitest';
import { yaml } from '../../test/helpers.js';
import { formatDiagnostic } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import { decodeCatalogText, firstInvalidUtf8 } from './decode.js';
import { loadCatalog } from './load-catalog.js';

const CATALOG = yaml`
  registry: r
  labels:
    vendor: café
  images:
    a: { kind: os, title: "Café", versions: { "1": {} } }
`;

/** The catalog as bytes, with every "é" written as `replacement` (e.g. Latin-1's single 0xE9). */
function bytesOf(text: string, replacement?: number[]): Uint8Array {
  const utf8 = [...new TextEncoder().encode(text)];
  if (!replacement) return Uint8Array.from(utf8);
  const out: number[] = [];
  for (let i = 0; i < utf8.length; i++) {
    if (utf8[i] === 0xc3 && utf8[i + 1] === 0xa9) {
      out.push(...replacement);
      i++;
    } else out.push(utf8[i] as number);
  }
  return Uint8Array.from(out);
}

function errorsOf(bytes: Uint8Array): string[] {
  try {
    loadCatalog(bytes, 'catalog.yaml');
  } catch (error) {
    if (error instanceof InvalidInputError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  throw new Error('expected the catalog to be invalid');
}

describe('catalog bytes', () => {
  it('reads UTF-8, with or without a byte order mark', () => {
    expect(loadCatalog(bytesOf(CATALOG), 'catalog.yaml').catalog.labels.vendor).toBe('café');
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...bytesOf(CATALOG)]);
    expect(loadCatalog(bom, 'catalog.yaml').catalog.labels.vendor).toBe('café');
  });

  it('rejects Latin-1 at the line and column of the first bad byte, with the key path and the fix', () => {
    expect(errorsOf(bytesOf(CATALOG, [0xe9]))).toEqual([
      'catalog.yaml:3:14: labels.vendor: the file is not UTF-8: byte 0xE9 is not a UTF-8 character (Latin-1 or Windows-1252 text?) (save the file as UTF-8, e.g. iconv -f latin1 -t utf-8 catalog.yaml)',
    ]);
  });

  it('counts columns in characters after a byte order mark and multi-byte characters', () => {
    const text = 'registry: r\nimages:\n  a: { kind: os, title: "ñ€😀\u00ff", versions: { "1": {} } }\n';
    const bytes = [0xef, 0xbb, 0xbf, ...bytesOf(text)];
    const at = bytes.lastIndexOf(0xbf); // the last byte of ÿ (0xC3 0xBF): cut the character short
    bytes.splice(at, 1);
    const [error] = errorsOf(Uint8Array.from(bytes));
    // "  a: { kind: os, title: "ñ€😀" is 29 UTF-16 units: the bad sequence is the 30th.
    expect(error).toMatch(/^catalog\.yaml:3:30: images\.a\.title: the file is not UTF-8: byte 0xC3 is not/);
  });

  it('names UTF-16 for what it is', () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'registry: r\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(errorsOf(utf16)).toEqual([
      'catalog.yaml:1:1: the file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8 (save it as UTF-8, e.g. iconv -f utf-16 -t utf-8 catalog.yaml)',
    ]);
  });

  it('finds exactly the sequences a fatal TextDecoder rejects', () => {
    const cases: [number[], number][] = [
      [[0x61, 0xc0, 0x80], 1], // overlong
      [[0xe0, 0x80, 0x80], 0], // overlong
      [[0xed, 0xa0, 0x80], 0], // a surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0x61, 0x62, 0xe2, 0x82], 2], // cut short at the end
      [[0xf0, 0x9f, 0x98, 0x80, 0x80], 4], // a stray continuation byte
      [[0xe2, 0x82, 0xac], -1],
    ];
    for (const [bytes, offset] of cases) expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
    // And on random bytes, it agrees with the decoder on whether there is an error at all.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const fatal = new TextDecoder('utf-8', { fatal: true });
    for (let n = 0; n < 2000; n++) {
      const bytes = Uint8Array.from(
        { length: 1 + (random() % 8) },
        () => (random() % 3 === 0 ? 0x80 : 0xc0) + (random() % 64),
      );
      let decodes = true;
      try {
        fatal.decode(bytes);
      } catch {
        decodes = false;
      }
      expect(firstInvalidUtf8(bytes) === -1, String([...bytes])).toBe(decodes);
    }
  });

  it('leaves valid text alone', () => {
    expect(decodeCatalogText(bytesOf('a: "ü"\n'), 'catalog.yaml')).toBe('a: "ü"\n');
  });
});
