import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Scalar } from 'yaml';
import { buildModel, position } from '../lint/dockerfile-model.js';
import { hasVariable } from '../lint/scope.js';

/** An image reference written in a consumer's file: a Dockerfile `FROM` or a manifest's `image:`. */
export interface WrittenReference {
  readonly file: string;
  /** 1-based, where the reference's text starts. */
  readonly line: number;
  readonly column: number;
  /** Where the reference's text starts in the file (0-based offset), for rewriting it in place. */
  readonly offset: number;
  /** `FROM` or `image`. */
  readonly source: 'FROM' | 'image';
  /** The reference exactly as written. */
  readonly text: string;
  /**
   * For a reference written with build args or template variables (`FROM ${BASE}`): the value with
   * the defaults it declares filled in, or undefined when a value is unknown. Absent otherwise.
   */
  readonly variable?: { readonly expanded: string | undefined };
}

/**
 * The base images a Dockerfile names: one per `FROM` that is not `scratch` or an earlier stage
 * (`FROM build`), whatever its `--platform=` flag or `AS` name. A FROM written with build args is
 * returned with `variable` set: what it builds on is decided at build time.
 */
export function dockerfileReferences(file: string, text: string): WrittenReference[] {
  const model = buildModel(text);
  const starts = lineStarts(text);
  const found: WrittenReference[] = [];
  for (const stage of model.stages) {
    const raw = stage.from.getImage();
    const range = stage.from.getImageRange();
    if (raw === null || range === null || stage.parent !== undefined) continue;
    if (raw.toLowerCase() === 'scratch') continue;
    const at = position(range.start);
    const offset = (starts[range.start.line] ?? 0) + range.start.character;
    const variable = hasVariable(raw) ? { variable: { expanded: stage.image || undefined } } : {};
    found.push({ file, ...at, offset, source: 'FROM', text: raw, ...variable });
  }
  return found;
}

/**
 * The `image:` values (at any depth: containers, initContainers, an OpenShift template's objects)
 * of every Kubernetes document in a YAML file, a document being one with `apiVersion` and `kind`.
 * Returns undefined when the text is not YAML (a Helm template, say): the caller decides whether
 * that matters.
 */
export function manifestReferences(file: string, text: string): WrittenReference[] | undefined {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(documents)) return [];
  if (documents.some((d) => d.errors.length > 0)) return undefined;
  const found: WrittenReference[] = [];
  for (const document of documents) {
    const root = document.contents;
    if (!isMap(root) || !root.has('apiVersion') || !root.has('kind')) continue;
    for (const scalar of imageScalars(root)) {
      const value = scalar.value;
      const range = scalar.range;
      if (typeof value !== 'string' || !range) continue;
      const inSource = text.indexOf(value, range[0]);
      if (inSource < 0 || inSource >= range[1]) continue;
      const at = lineCounter.linePos(inSource);
      const variable = /\$\{|\{\{/.test(value) ? { variable: { expanded: undefined } } : {};
      found.push({ file, line: at.line, column: at.col, offset: inSource, source: 'image', text: value, ...variable });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function imageScalars(node: unknown): Scalar[] {
  if (isSeq(node)) return node.items.flatMap(imageScalars);
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) => {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (key === 'image' && isScalar(pair.value)) return [pair.value];
    return imageScalars(pair.value);
  });
}

/** The offset of each line's first character (index 0 is line 1). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}
