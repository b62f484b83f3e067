import type { ImageSpec } from '../catalog/model.js';
import type { SourceMap } from '../catalog/source-map.js';
import type { Diagnostic, KeyPath } from '../diagnostics.js';
import { closestMatch } from '../util/did-you-mean.js';

/** What each source needs besides `source`: a project, a suite, a mirror. */
const NEEDS: Record<string, { project?: string; suite?: boolean; mirror?: boolean }> = {
  cpython: { mirror: true },
  pypi: { project: 'the PyPI project, e.g. flask', mirror: true },
  debian: { project: 'the Debian package, e.g. pyenv', suite: true },
  oci: { project: 'the repository, e.g. docker.io/library/python' },
};

/**
 * The errors of the images' `updates:` that the schema cannot see: a field its source needs, a
 * mirror that `mirrors:` does not have (with did-you-mean).
 */
export function updatesDiagnostics(
  images: readonly ImageSpec[],
  mirrors: Readonly<Record<string, string>>,
  map: SourceMap,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const image of images) {
    const spec = image.updates;
    if (!spec) continue;
    const error = (key: string | undefined, message: string, hint: string): void => {
      const path: KeyPath = [...image.path, 'updates', ...(key ? [key] : [])];
      const position = map.valueAt(path);
      diagnostics.push({ code: 'invalid-updates', severity: 'error', file: map.file, position, path, message, hint });
    };
    const needs = NEEDS[spec.source] ?? {};
    if (needs.project && !spec.project)
      error(undefined, `updates from ${spec.source} need "project"`, `add project: <${needs.project}>`);
    if (needs.suite && !spec.suite)
      error(undefined, `updates from ${spec.source} need "suite"`, 'add suite: <the suite, e.g. trixie>');
    if (needs.mirror && !spec.mirror) {
      error(
        undefined,
        `updates from ${spec.source} need "mirror"`,
        'add mirror: <a name under mirrors: whose URL serves the index>',
      );
    }
    if (spec.mirror && !(spec.mirror in mirrors)) {
      const near = closestMatch(spec.mirror, Object.keys(mirrors));
      const message = `no mirror "${spec.mirror}" under mirrors:${near ? `; did you mean "${near}"?` : ''}`;
      error(
        'mirror',
        message,
        `add mirrors.${spec.mirror}: <URL of the index>, or name one of: ${Object.keys(mirrors).join(', ') || '(none)'}`,
      );
    }
  }
  return diagnostics;
}
