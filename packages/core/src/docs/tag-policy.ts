import { PRERELEASE_CHANNEL } from '../tags/rules.js';

/**
 * The tag policy page, as structured text both renderers share. Inline `code` is written between
 * backticks; everything else is plain text (the renderers escape it).
 */
export type PolicyBlock = { readonly p: string } | { readonly list: readonly string[] };

export interface PolicySection {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly PolicyBlock[];
}

/** What the catalog says about rebuilds, for the policy page. */
export interface PolicyOptions {
  /** Images with a maximum age (`rebuildAfter`), e.g. `{ image: 'debian', after: '30d' }`. */
  readonly maxAges?: readonly { readonly image: string; readonly after: string }[];
  /** Images whose Debian security fixes are watched (`securityUpdates`). */
  readonly securityWatched?: readonly string[];
}

export function tagPolicy(options: PolicyOptions = {}): PolicySection[] {
  return [TAGS, CHOOSE, PRERELEASE, rebuilds(options)];
}

const TAGS: PolicySection = {
  id: 'tags',
  title: 'What each tag promises',
  blocks: [
    { p: 'Take Python 3.13.5 as the example. Every tag except `-rN` is rolling: it moves.' },
    {
      list: [
        '`3` (major): the newest 3.x.y. Moves to new minor and patch versions, and to rebuilds. Not published for major version 0.',
        '`3.13` (minor): the newest 3.13.y. Moves to new patch versions and to rebuilds.',
        '`3.13.5` (full version): always Python 3.13.5, but moves to every rebuild of it (security refreshes of the layers below).',
        '`3.13.5-r2` (immutable): one build, never moved, never overwritten. The digest `@sha256:…` is just as fixed.',
        '`latest`: only where an image opts in; never write it in a FROM line (`catalog lint` rejects it).',
      ],
    },
    {
      p: 'Variants add their name to every tag: `3.1.1-python3.11`, `3.1-python3.11`, `3-python3.11`. The default variant also owns the bare tags (`3.1.1`).',
    },
  ],
};

const CHOOSE: PolicySection = {
  id: 'choose',
  title: 'Which tag to use',
  blocks: [
    {
      list: [
        'In a Dockerfile: the full version tag with its variant, e.g. `flask:3.1.1-python3.13`. It gets security rebuilds but never a new version. This is the FROM line each image page shows.',
        'For a reproducible build or a release: the `-rN` tag, or the digest, and let an update bot propose the next one.',
        'Major and minor aliases are for trying things out; they can change the version under you.',
      ],
    },
  ],
};

const PRERELEASE: PolicySection = {
  id: 'prerelease',
  title: 'Prereleases',
  blocks: [
    {
      p: `A prerelease (\`3.15.0rc1\`, \`2.0.0-beta.1\`) gets its full version tag and the channel tag \`3.15-${PRERELEASE_CHANNEL}\` only. It never takes \`3\`, \`3.15\` or \`latest\`: those stay on the newest stable version.`,
    },
  ],
};

function rebuilds(options: PolicyOptions): PolicySection {
  const watched = options.securityWatched ?? [];
  const maxAges = options.maxAges ?? [];
  return {
    id: 'rebuilds',
    title: 'When images are rebuilt',
    blocks: [
      {
        list: [
          'Affected: every change to an image (its template, build context, or its entry in catalog.yaml) rebuilds it and everything built FROM it (`catalog build --affected --push` on each push to main).',
          'Upstream refresh, checked nightly (`catalog upstream check`): when a base image we build FROM publishes a new digest for a platform we build, it and everything built FROM it are rebuilt. Versions stay; rolling tags move; each rebuilt image gets a new `-rN`.',
          watched.length > 0
            ? `Security fixes: the packages installed in ${codeList(watched)} (and the images built FROM them) are compared with the Debian security archive; an image holding a package with a newer security version is rebuilt with it, with everything built FROM it. A fix for a package none of our images holds rebuilds nothing.`
            : 'Security fixes: no image of this catalog declares `securityUpdates`, so Debian security fixes are taken in on the next rebuild only.',
          maxAges.length > 0
            ? `Maximum age: ${maxAges.map((m) => `\`${m.image}\` is rebuilt at least every ${m.after}`).join(', ')} (\`rebuildAfter\`), and with it everything built FROM it.`
            : 'Maximum age: no image sets `rebuildAfter`, so images are rebuilt only for the reasons above.',
          'Tags move only after the whole chain below them built and passed its smoke tests, parents first, and never to a lower version.',
        ],
      },
    ],
  };
}

function codeList(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(', ');
}
