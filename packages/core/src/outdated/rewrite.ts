import { InvalidInputError } from '../errors.js';

/** One replacement: the reference written at `offset` becomes `to`. */
export interface ReferenceEdit {
  readonly offset: number;
  readonly from: string;
  readonly to: string;
}

/**
 * The text with each reference replaced in place, everything else (spacing, quotes, comments,
 * line endings) kept byte for byte. An edit whose `from` is not at its offset (the file changed
 * since it was read) is an error, and nothing is replaced.
 */
export function rewriteReferences(file: string, text: string, edits: readonly ReferenceEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  for (const edit of sorted) {
    if (text.slice(edit.offset, edit.offset + edit.from.length) !== edit.from) {
      throw new InvalidInputError([
        {
          code: 'outdated-changed',
          severity: 'error',
          file,
          message: `${edit.from} is no longer at offset ${edit.offset}: the file changed while it was checked`,
          hint: 'run catalog outdated --write again',
        },
      ]);
    }
  }
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, edit.offset) + edit.to + result.slice(edit.offset + edit.from.length);
  }
  return result;
}
