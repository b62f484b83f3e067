import type { LintRuleInfo } from './types.js';

/** Every rule the Dockerfile linter knows, in the order docs/lint-rules.md lists them. */
export const LINT_RULES = [
  {
    id: 'from-latest',
    hadolint: ['DL3006', 'DL3007'],
    severity: 'error',
    summary: 'FROM an image without a tag, or with the `latest` tag.',
    rationale:
      'An untagged FROM means `:latest`, which moves whenever upstream pushes: the same Dockerfile builds a different ' +
      'image tomorrow, and a rebuild for a security fix can silently pull a new major version. Pin a version tag ' +
      '(and a digest where `requireDigest` is on). FROM `$BASE_IMAGE` is checked through the ARG default; `scratch` and ' +
      'earlier stage names are fine.',
  },
  {
    id: 'from-digest',
    severity: 'warning',
    enabledBy: 'requireDigest',
    summary: 'FROM an image by a mutable tag where a digest is expected.',
    rationale:
      'Tags are mutable: `python:3.13.5` can be re-pushed. A digest (`image:tag@sha256:...`) names exactly one ' +
      'image, so builds are reproducible and a registry compromise cannot swap the base. Keep the tag next to the ' +
      'digest for readers and for update bots.',
  },
  {
    id: 'apt-cleanup',
    hadolint: ['DL3009'],
    severity: 'error',
    summary: '`apt-get install` without `rm -rf /var/lib/apt/lists/*` later in the same RUN.',
    rationale:
      'The package lists fetched by `apt-get update` are tens of megabytes that stay in the layer forever; removing ' +
      'them in a later RUN does not shrink the earlier layer. Clean up in the same RUN, or use a cache mount ' +
      '(`RUN --mount=type=cache,target=/var/lib/apt ...`). `apt-get dist-clean` (apt 2.7+, Debian trixie) removes ' +
      'the lists too. Checked in every stage: builder layers are built, cached and pulled as cache too.',
  },
  {
    id: 'yum-cleanup',
    hadolint: ['DL3032', 'DL3040'],
    severity: 'error',
    summary: '`yum`/`dnf`/`microdnf install` without `clean all` later in the same RUN.',
    rationale:
      'The metadata and package cache under /var/cache/yum or /var/cache/dnf stay in the layer. Run `dnf clean all` ' +
      '(or remove the cache directory) in the same RUN, or use a cache mount. Checked in every stage.',
  },
  {
    id: 'apk-no-cache',
    hadolint: ['DL3019'],
    severity: 'error',
    summary: '`apk add` without `--no-cache`.',
    rationale:
      'Without `--no-cache`, apk keeps the index under /var/cache/apk in the layer. `--no-cache` fetches the index ' +
      'to a temporary place and leaves nothing behind. Checked in every stage.',
  },
  {
    id: 'apk-unpinned',
    hadolint: ['DL3018'],
    severity: 'warning',
    summary: '`apk add` of a package without a version.',
    rationale:
      'An unpinned package is whatever the index has on the day of the build, so two builds of the same Dockerfile ' +
      'differ and a breaking update arrives unannounced. Pin `name=1.2.3-r0`, or `name~1.2` for the patch ' +
      'releases of a line. Local `.apk` files are fine. Checked in every stage.',
  },
  {
    id: 'apt-upgrade',
    hadolint: ['DL3005'],
    severity: 'error',
    summary: '`apt-get upgrade`, `dist-upgrade` or `full-upgrade` in a RUN.',
    rationale:
      'Upgrading in a Dockerfile makes the result depend on the day of the build and duplicates files of the base ' +
      'image in a new layer. Pick up fixes by rebuilding on a newer base image (that is what the catalog does when a ' +
      'parent changes); pin the few packages that really need a newer version.',
  },
  {
    id: 'apt-update-alone',
    severity: 'warning',
    summary: '`apt-get update` in a RUN without an `apt-get install`.',
    rationale:
      'The update is cached as its own layer: a later RUN that installs reuses the old lists, gets outdated ' +
      'packages or fails on files the mirror no longer has. Update and install (and clean up) in the same RUN.',
  },
  {
    id: 'apt-install-recommends',
    hadolint: ['DL3015'],
    severity: 'warning',
    summary: '`apt-get install` without `--no-install-recommends`.',
    rationale:
      'Recommended packages are not needed to run the requested ones and often double the size of the layer and ' +
      'its attack surface. Add `--no-install-recommends` and list what you really need. Checked in every stage.',
  },
  {
    id: 'unsorted-packages',
    severity: 'warning',
    summary: 'A package list split over several lines is not sorted alphabetically.',
    rationale:
      'One package per line, sorted, makes reviews and merges easy and duplicates obvious. Applies to apt, yum/dnf ' +
      'and apk install commands whose packages span more than one line.',
  },
  {
    id: 'pip-no-cache-dir',
    hadolint: ['DL3042'],
    severity: 'warning',
    summary: '`pip install` without `--no-cache-dir`.',
    rationale:
      'pip keeps every downloaded file under ~/.cache/pip, which stays in the layer. Add `--no-cache-dir`, set ' +
      '`ENV PIP_NO_CACHE_DIR=1`, or use a cache mount on the pip cache. Checked in every stage.',
  },
  {
    id: 'pip-unpinned',
    hadolint: ['DL3013'],
    severity: 'warning',
    summary: '`pip install` of a package without a version.',
    rationale:
      'An unpinned requirement is whatever the index has on the day of the build. Pin `name==1.2.3` (or give a ' +
      'version range), or install from a requirements or constraints file (`-r`, `-c`). Local paths, wheels and ' +
      'installs with `--no-index --find-links` (only the files given) are fine. Checked in every stage.',
  },
  {
    id: 'pipefail',
    hadolint: ['DL4006'],
    severity: 'warning',
    summary: 'A pipe in RUN without `set -o pipefail`.',
    rationale:
      'A pipeline fails only when its last command does: `curl -fsSL URL | tar -x` succeeds with a truncated or ' +
      'empty download. Start the RUN with `set -o pipefail &&` or set ' +
      '`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`. Pipes from `echo`/`printf`, and RUNs under a SHELL that is ' +
      'not a POSIX-like shell (pwsh, cmd), are not reported.',
  },
  {
    id: 'user-missing',
    severity: 'error',
    summary: 'The final stage (with the stages it is built FROM) never sets USER.',
    rationale:
      'Without USER the container runs as whatever the base image left, usually root, so a process compromise is a ' +
      'root compromise inside the container. Set a non-root USER in the final stage, even when the base image ' +
      'already does: it documents the intent and survives a change of base. Builder stages may run as root.',
  },
  {
    id: 'user-root',
    hadolint: ['DL3002'],
    severity: 'error',
    summary: 'The last USER of the final stage is root or uid 0.',
    rationale:
      'Switching back to root for the runtime defeats the point of USER. Do the privileged steps earlier and end ' +
      'with a non-root USER.',
  },
  {
    id: 'user-non-numeric',
    severity: 'warning',
    summary: 'The last USER of the final stage is a name, not a numeric uid (and gid).',
    rationale:
      'Kubernetes `runAsNonRoot` can only verify a numeric uid, and platforms that run images with an arbitrary ' +
      'uid (OpenShift) expect numeric ids. Use `USER 10001` (or `USER 10001:0`) and create the user with that uid.',
  },
  {
    id: 'shell-form',
    hadolint: ['DL3025'],
    severity: 'error',
    summary: 'CMD or ENTRYPOINT in shell form, or in exec form through `sh -c` without `exec`.',
    rationale:
      'The shell form runs `/bin/sh -c "..."`, so the shell is PID 1: the real process never receives SIGTERM, the ' +
      'container is killed after the grace period, and an ENTRYPOINT in shell form ignores CMD and `docker run` ' +
      'arguments. Use the exec (JSON) form: `CMD ["gunicorn", "app:app"]`. `ENTRYPOINT ["/bin/sh", "-c", "..."]` ' +
      'is the same thing written as JSON, unless the script `exec`s the main process.',
  },
  {
    id: 'wrapper-no-exec',
    severity: 'warning',
    enabledBy: 'context',
    summary: 'ENTRYPOINT/CMD runs a shell script from the build context whose last command does not use `exec`.',
    rationale:
      'A wrapper script that starts the main process without `exec` keeps the shell as PID 1: signals are not ' +
      'forwarded and the process is not reaped. End the script with `exec "$@"` or `exec app ...`. Needs the ' +
      'build context to read the script (found through the COPY/ADD that put it in the image).',
  },
  {
    id: 'add-instead-of-copy',
    hadolint: ['DL3020'],
    severity: 'warning',
    summary: 'ADD of local files where COPY suffices.',
    rationale:
      'ADD has implicit behaviour (unpacking archives, fetching URLs); COPY does only what it says. Use COPY for ' +
      'plain files. ADD of a local tar archive (`ADD rootfs.tar /`) is legitimate and not reported.',
  },
  {
    id: 'add-remote-url',
    severity: 'error',
    summary: 'ADD of a remote URL (http, https, git).',
    rationale:
      'ADD fetches the URL at build time without verifying what it got, and the download is not reproducible. ' +
      'Download with `curl` in a RUN, verify a checksum and clean up in the same RUN, or vendor the file into the ' +
      'build context. If `ADD --checksum=...` is a deliberate choice, suppress the finding with that reason.',
  },
  {
    id: 'hardcoded-secret',
    severity: 'error',
    summary: 'ENV or ARG with a secret-looking name (PASSWORD, TOKEN, SECRET, API_KEY, ...) and a literal value.',
    rationale:
      'ENV values are stored in the image config and ARG values in the build history; anyone who can pull the image ' +
      'can read them. Pass secrets at run time (environment, mounted files) or at build time with ' +
      '`RUN --mount=type=secret`. Names ending in _FILE, _PATH or _DIR, settings about secrets ' +
      '(`PASSWORD_MIN_LENGTH`, `TOKEN_TTL_SECONDS`) and values that only reference variables are not reported; a ' +
      'URL with a password in it (`https://user:pass@host/`) is, whatever the name.',
  },
  {
    id: 'default-password',
    severity: 'error',
    summary: 'A RUN sets a password (`chpasswd`, `passwd` fed from a pipe, `useradd -p`, ...).',
    rationale:
      'A password set at build time is the same in every container started from the image and is visible in the ' +
      'Dockerfile and the history. Images should not need login passwords at all; lock accounts instead.',
  },
  {
    id: 'ssh-server',
    severity: 'error',
    summary: 'Installing `openssh-server` (or another SSH daemon) or running `sshd`.',
    rationale:
      'An SSH daemon in a container is a second entry point with its own keys and credentials to manage, and it ' +
      'breaks the one-process-per-container model. Use `docker exec`/`kubectl exec` for debugging.',
  },
  {
    id: 'expose-privileged-port',
    severity: 'error',
    summary: 'EXPOSE of a port below 1024 in an image whose final USER is not root.',
    rationale:
      'A non-root process cannot bind ports below 1024 on most runtimes (without extra capabilities), so the image ' +
      'would fail at start. Listen on a high port (8080, 8443) and let the platform map it.',
  },
  {
    id: 'missing-label',
    hadolint: ['DL3049', 'DL3051'],
    severity: 'error',
    enabledBy: 'requiredLabels',
    summary: 'The final stage does not set every label listed in the `requiredLabels` option.',
    rationale:
      'Labels (title, version, source, revision, vendor, ...) are how scanners, registries and people find out what ' +
      'an image is and where it came from. Labels may be set across several LABEL instructions, in the stages the ' +
      'final stage is built FROM, and may take their values from ARGs. An empty literal value counts as missing.',
  },
  {
    id: 'deprecated-maintainer',
    hadolint: ['DL4000'],
    severity: 'warning',
    summary: 'MAINTAINER instruction.',
    rationale: 'MAINTAINER is deprecated. Use `LABEL org.opencontainers.image.authors="..."`, which tools understand.',
  },
  {
    id: 'workdir-relative',
    hadolint: ['DL3000'],
    severity: 'error',
    summary: 'WORKDIR with a relative path.',
    rationale:
      'A relative WORKDIR is resolved against whatever WORKDIR the base image left, so a change of base image ' +
      'silently moves where files land and commands run. It is an error because the failure is silent and the fix ' +
      'is trivial: use an absolute path.',
  },
  {
    id: 'run-cd',
    hadolint: ['DL3003'],
    severity: 'warning',
    summary: '`cd` inside RUN.',
    rationale:
      'A `cd` in a RUN does not carry over to the next instruction, which makes it easy to run commands in the ' +
      'wrong directory. Use WORKDIR to change directory; it is explicit and applies to later instructions.',
  },
  {
    id: 'consecutive-run',
    hadolint: ['DL3059'],
    severity: 'warning',
    summary: 'Three or more RUN instructions in a row (option `maxConsecutiveRuns`, default 2 allowed).',
    rationale:
      'Each RUN is a layer; files deleted in a later layer still ship in the earlier one. Chain related commands ' +
      'with `&&` in one RUN. Only checked in stages that end up in the image.',
  },
  {
    id: 'missing-dockerignore',
    severity: 'warning',
    enabledBy: 'context',
    summary: 'COPY/ADD of the whole context (`.`) without a .dockerignore.',
    rationale:
      'Copying `.` without a .dockerignore sends and copies everything: .git, local virtualenvs, credentials in ' +
      'dotfiles. It bloats the image, leaks files and busts the build cache on every change. Add a .dockerignore ' +
      '(or `<Dockerfile>.dockerignore`) at the context root.',
  },
  {
    id: 'suppression-no-reason',
    severity: 'warning',
    summary: 'A `# catalog-lint ignore=...` comment without a reason.',
    rationale:
      'A suppression says "this is deliberate"; the reason tells the next reader why. The suppression still ' +
      'applies, but the missing reason is reported so it gets written.',
  },
  {
    id: 'suppression-invalid',
    severity: 'warning',
    summary:
      'A `# catalog-lint` comment that cannot be understood (bad syntax, unknown rule id, no instruction after it).',
    rationale:
      'A suppression that suppresses nothing hides nothing but misleads readers; a misspelt rule id usually means ' +
      'the finding it was meant for is still reported.',
  },
  {
    id: 'missing-from',
    severity: 'error',
    summary: 'The Dockerfile has no FROM instruction.',
    rationale: 'Every Dockerfile needs a FROM; without it nothing can be built or checked.',
  },
] as const satisfies readonly LintRuleInfo[];

export type LintRuleId = (typeof LINT_RULES)[number]['id'];

/** A finding as a check reports it; the linter adds the severity and file. */
export interface RuleHit {
  readonly rule: LintRuleId;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}
