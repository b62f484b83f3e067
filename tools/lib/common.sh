# shellcheck shell=bash
# Helpers shared by the tools/*.sh scripts. Source this file; do not run it.
#
# Conventions: progress goes to stderr, the one useful result to stdout;
# caches live outside the repository, in $CATALOG_CACHE.

CATALOG_CACHE="${CATALOG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/catalog}"
export CATALOG_CACHE

# Say where an unexpected failure happened instead of exiting silently.
set -E
trap 'printf "%s: error: unexpected failure (exit %s) at %s:%s: %s\n" "${0##*/}" "$?" "${BASH_SOURCE[0]##*/}" "$LINENO" "$BASH_COMMAND" >&2' ERR

# on_exit CMD — run CMD (with eval) when the script exits, however it exits.
_catalog_on_exit=()
on_exit() { _catalog_on_exit+=("$1"); }
_catalog_exit() {
	local c
	for c in "${_catalog_on_exit[@]}"; do eval "$c" || true; done
}
trap _catalog_exit EXIT

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Seconds since the epoch with decimals, for timings.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# apt-get that waits for other apt/dpkg runs instead of failing on the lock.
# Its output goes to $CATALOG_CACHE/apt.log (the tail is shown on failure).
APT_LOG="$CATALOG_CACHE/apt.log"
apt_get() {
	local rc=0
	mkdir -p "$CATALOG_CACHE"
	# Keep the log from growing without bound.
	if [ -f "$APT_LOG" ] && [ "$(stat -c %s "$APT_LOG")" -gt 5000000 ]; then mv -f "$APT_LOG" "$APT_LOG.old"; fi
	printf '\n--- %s apt-get %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$APT_LOG"
	DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 "$@" >>"$APT_LOG" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		tail -n 15 "$APT_LOG" | sed 's/^/  /' >&2
		log "apt-get $1 failed (exit $rc); full output in $APT_LOG"
	fi
	return "$rc"
}

# Run `apt-get update` at most once per script run.
_catalog_apt_updated=
apt_update() {
	[ -n "$_catalog_apt_updated" ] && return 0
	log "apt-get update"
	apt_get update || die "apt-get update failed"
	_catalog_apt_updated=1
}

# apt_install PACKAGE... — install Debian packages (root only). Tries the
# current package lists first, then refreshes them and tries again.
apt_install() {
	is_root || die "missing Debian package(s): $*; install them (apt-get install $*) or run this script as root"
	log "installing Debian package(s): $*"
	if [ -z "$_catalog_apt_updated" ]; then
		apt_get install -y --no-install-recommends "$@" 2>/dev/null && return 0
		log "not installable with the current package lists; refreshing them"
		apt_update
	fi
	apt_get install -y --no-install-recommends "$@" || die "apt-get install $* failed"
}

# need CMD [PACKAGE] — make sure CMD is on PATH, installing PACKAGE (default CMD).
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	apt_install "${2:-$1}"
	command -v "$1" >/dev/null 2>&1 || die "$1 is still missing after installing ${2:-$1}"
}

# Debian archive URLs, read at run time (never written into the repository).
# Uses apt's own parser, so both deb822 .sources files and one-line .list
# files count.
_DEBIAN_SUITES='^(buster|bullseye|bookworm|trixie|forky|duke|sid|oldoldstable|oldstable|stable|testing|unstable)$'

# apt_sites TYPE RELEASE-REGEX — distinct base URLs of configured apt sources.
apt_sites() {
	# shellcheck disable=SC2016 # $(...) are apt's format fields, not shell.
	apt-get indextargets --no-release-info --format '$(TARGET_OF) $(RELEASE) $(SITE)' 2>/dev/null |
		awk -v t="$1" -v re="$2" '$1 == t && $2 ~ re && !seen[$3]++ { print $3 }'
}

debian_mirror() {
	if [ -n "${CATALOG_DEBIAN_MIRROR:-}" ]; then
		printf '%s\n' "${CATALOG_DEBIAN_MIRROR%/}"
		return 0
	fi
	local m
	m=$(apt_sites deb "$_DEBIAN_SUITES" | head -n1)
	[ -n "$m" ] || m=$(apt_sites deb-src "$_DEBIAN_SUITES" | head -n1)
	[ -n "$m" ] || die "no Debian mirror found in the apt sources; set CATALOG_DEBIAN_MIRROR=<url of a Debian archive>"
	printf '%s\n' "${m%/}"
}

# ---- the catalog -------------------------------------------------------------

# The checkout these tools belong to.
CATALOG_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# catalog_file — the catalog the tools read: $CATALOG_FILE when set, else the
# working folder's catalog.yaml (a prepare step runs from its catalog's
# folder), else this checkout's.
catalog_file() {
	if [ -n "${CATALOG_FILE:-}" ]; then
		printf '%s\n' "$CATALOG_FILE"
	elif [ -f catalog.yaml ]; then
		printf '%s\n' "$PWD/catalog.yaml"
	else
		printf '%s\n' "$CATALOG_REPO/catalog.yaml"
	fi
}

# catalog_cli ARGS... — run the `catalog` command of this checkout (else the
# one node_modules or PATH provides) on catalog_file.
catalog_cli() {
	local bin
	need node nodejs
	if [ -f "$CATALOG_REPO/packages/cli/dist/bundle/main.cjs" ]; then
		bin="$CATALOG_REPO/packages/cli/bin/catalog.js"
	elif [ -x "$CATALOG_REPO/node_modules/.bin/catalog" ]; then
		bin="$CATALOG_REPO/node_modules/.bin/catalog"
	elif command -v catalog >/dev/null 2>&1; then
		bin=$(command -v catalog)
	else
		die "the catalog command is not built in $CATALOG_REPO; run: npm ci (or npm run build) there"
	fi
	node "$bin" --catalog "$(catalog_file)" "$@"
}

# catalog_sources — `catalog sources --json` for the whole catalog, in REPLY
# (what it downloads, its mirrors, its Debian security archives).
catalog_sources() {
	if ! REPLY=$(catalog_cli sources --json); then
		# --json puts the errors on stdout: show them as text.
		catalog_cli sources >/dev/null || true
		die "'catalog sources' failed on $(catalog_file) (above); fix the catalog, or set CATALOG_FILE to another one"
	fi
}

# debian_security_mirror [SUITE] — the Debian security archive for SUITE
# (e.g. trixie), as `catalog upstream check` finds it (one lookup, in
# packages/runner/src/upstream/security-mirror.ts, read through `catalog
# sources --json`): the archive of the catalog's securityUpdates for
# SUITE-security (its `mirrors:` entry and CATALOG_MIRROR_<NAME>), else
# CATALOG_DEBIAN_SECURITY_MIRROR, else the first *-security apt source.
# Prints nothing (and succeeds) when no security archive is known.
debian_security_mirror() {
	catalog_sources
	# shellcheck disable=SC2016 # JavaScript, not shell.
	node -e '
		const { security } = JSON.parse(require("fs").readFileSync(0, "utf8"));
		const suite = process.argv[1] ? `${process.argv[1]}-security` : undefined;
		const archive = security.archives.find((a) => a.suite === suite) ?? security.default;
		if (archive.url) console.log(archive.url.replace(/\/+$/, ""));
	' "${1:-}" <<<"$REPLY"
}

sha256_of() { sha256sum "$1" | awk '{ print $1 }'; }

# lock FILE [SECONDS] — hold an exclusive lock on FILE (fd 9) until the script
# exits, so that concurrent runs (parallel tests, CI jobs) wait for each other.
lock() {
	mkdir -p "$(dirname "$1")"
	exec 9>"$1"
	if ! flock -n 9; then
		log "waiting for another run to release $1"
		flock -w "${2:-3600}" 9 || die "timed out waiting for the lock $1"
	fi
}

# ---- background servers ---------------------------------------------------

# pid_alive PIDFILE PATTERN — the pid in PIDFILE is running and its command
# line contains PATTERN (guards against a recycled pid).
pid_alive() {
	local pid
	[ -s "$1" ] || return 1
	pid=$(cat "$1")
	[[ "$pid" =~ ^[0-9]+$ ]] || return 1
	[ -r "/proc/$pid/cmdline" ] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2"
}

# process_running PID — the process exists and has not exited (a zombie has).
process_running() {
	[[ "$1" =~ ^[0-9]+$ ]] && [ -r "/proc/$1/stat" ] && ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null
}

# http_ok URL — URL answers with a 2xx status.
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# port_open HOST PORT — something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# start_bg PIDFILE LOGFILE CMD... — start CMD detached from this shell (own
# session, stdin from /dev/null, output to LOGFILE) and record its pid.
start_bg() {
	local pidfile=$1 logfile=$2
	shift 2
	mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
	printf '\n--- %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$logfile"
	# 9>&-: do not hand the lock (see lock) to the long-lived server.
	setsid "$@" </dev/null >>"$logfile" 2>&1 9>&- &
	printf '%s\n' "$!" >"$pidfile"
}

# wait_ready PIDFILE PATTERN URL LOGFILE SECONDS — wait until URL answers;
# fail with the log's tail if the process dies or time runs out.
wait_ready() {
	local pidfile=$1 pattern=$2 url=$3 logfile=$4 secs=$5 i
	for ((i = 0; i < secs * 10; i++)); do
		# Until the forked shell has exec'd the server, its command line is still this script's:
		# a process that exists is starting; only a vanished one has exited.
		if ! pid_alive "$pidfile" "$pattern" && ! process_running "$(cat "$pidfile" 2>/dev/null)"; then
			tail -n 20 "$logfile" >&2 || true
			rm -f "$pidfile"
			die "the server exited during start-up (log: $logfile)"
		fi
		http_ok "$url" && return 0
		sleep 0.1
	done
	tail -n 20 "$logfile" >&2 || true
	die "no answer from $url after ${secs}s (log: $logfile)"
}

# stop_bg PIDFILE PATTERN NAME — stop the recorded process (TERM, then KILL).
stop_bg() {
	local pidfile=$1 pattern=$2 name=$3 pid i
	if ! pid_alive "$pidfile" "$pattern"; then
		rm -f "$pidfile"
		log "$name is not running"
		return 0
	fi
	pid=$(cat "$pidfile")
	kill "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		pid_alive "$pidfile" "$pattern" || break
		sleep 0.1
	done
	if pid_alive "$pidfile" "$pattern"; then
		log "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
		kill -9 "$pid" 2>/dev/null || true
		sleep 0.2
	fi
	rm -f "$pidfile"
	log "stopped $name (pid $pid)"
}
