#!/usr/bin/env bash
# An offline mirror of what the example catalog downloads (CPython sources,
# pyenv, Flask wheels), made from Debian packages and served over HTTP on
# 127.0.0.1, for machines without python.org, GitHub or PyPI.
#
#   tools/offline-mirror.sh prepare [--force]   build $CATALOG_CACHE/mirror; prints its path
#   tools/offline-mirror.sh serve               prepare if needed, serve it; prints the URL
#   tools/offline-mirror.sh stop                stop the server
#   tools/offline-mirror.sh status              exit 0 and print the URL when serving, else 1
#   tools/offline-mirror.sh url                 print http://127.0.0.1:PORT
#   tools/offline-mirror.sh env                 print the catalog's CATALOG_MIRROR_* settings for it
#   tools/offline-mirror.sh verify              check every file against mirror/MANIFEST
#
# Environment: CATALOG_MIRROR_PORT (default 8765), CATALOG_CACHE,
# CATALOG_DEBIAN_MIRROR. See tools/README.md for the layout and how to point
# pyenv, python-build and pip at it.
set -euo pipefail
TOOLS="$(dirname "$(readlink -f "$0")")"
# shellcheck source=tools/lib/common.sh
. "$TOOLS/lib/common.sh"

usage() {
	sed -n '6,12s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# What the example catalog needs, and where Debian has it.
PY311_VERSION=3.11.2
PY311_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PY313_VERSION=3.13.5
PY313_SHA256=93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640
PYENV_VERSION=2.5.4
FLASK_VERSION=3.1.1
# Flask and its run-time dependencies, as trixie packages them.
WHEEL_PACKAGES=(python3-flask python3-werkzeug python3-jinja2 python3-markupsafe
	python3-itsdangerous python3-click python3-blinker)
# Bump when the layout changes, so that cached mirrors are rebuilt.
FORMAT=2

PORT="${CATALOG_MIRROR_PORT:-8765}"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "CATALOG_MIRROR_PORT must be a port number, not '$PORT'"
HOST=127.0.0.1
URL="http://$HOST:$PORT"
MIRROR="$CATALOG_CACHE/mirror"
DL="$CATALOG_CACHE/downloads"
PIDFILE="$CATALOG_CACHE/run/mirror-$PORT.pid"
LOGFILE="$CATALOG_CACHE/run/mirror-$PORT.log"
SERVER="$TOOLS/serve-static.mjs"
# Any clone's server of this mirror folder and port counts (not only this checkout's script).
PATTERN="serve-static.mjs $MIRROR $PORT"

# ---- apt sources for source packages and trixie ------------------------------

SRC_LIST=/etc/apt/sources.list.d/catalog-deb-src.sources
TRIXIE_LIST=/etc/apt/sources.list.d/catalog-trixie.sources
TRIXIE_PIN=/etc/apt/preferences.d/catalog-trixie

# Targets ("deb trixie", "deb-src bookworm", ...) configured by files other
# than ours.
apt_targets_elsewhere() {
	# shellcheck disable=SC2016 # apt format fields
	apt-get indextargets --no-release-info --format '$(TARGET_OF) $(RELEASE) $(SOURCESENTRY)' 2>/dev/null |
		awk -v a="$SRC_LIST" -v b="$TRIXIE_LIST" '{ f = $3; sub(/:[0-9]+$/, "", f) } f != a && f != b { print $1, $2 }' |
		sort -u
}

# Targets whose lists `apt-get update` has fetched.
apt_targets_fetched() {
	# shellcheck disable=SC2016
	apt-get indextargets --format '$(TARGET_OF) $(RELEASE)' 2>/dev/null | sort -u
}

# write_if_changed FILE CONTENT — (re)write one of our apt files; returns 0 if it changed.
write_if_changed() {
	if [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; then return 1; fi
	if [ -e "$1" ]; then log "updating $1"; else log "adding $1"; fi
	printf '%s\n' "$2" >"$1.tmp.$$"
	mv -f "$1.tmp.$$" "$1"
}

# Make sure apt can fetch deb-src for bookworm and trixie and binaries from
# trixie (pinned low, so that a bookworm host stays on bookworm).
_sources_ready=
ensure_apt_sources() {
	[ -z "$_sources_ready" ] || return 0
	local elsewhere fetched debian header host suite changed='' want_src=()
	fetched=$(apt_targets_fetched)
	if ! is_root; then
		# Without root, use what apt already has: downloads work, changes do not.
		for suite in "deb-src bookworm" "deb-src trixie" "deb trixie"; do
			grep -qx "$suite" <<<"$fetched" ||
				die "apt has no '$suite' package lists; run this once as root (it adds the apt sources), later runs reuse $DL"
		done
		_sources_ready=1
		return 0
	fi
	elsewhere=$(apt_targets_elsewhere)
	for suite in bookworm trixie; do
		grep -qx "deb-src $suite" <<<"$elsewhere" || want_src+=("$suite")
	done
	debian=$(debian_mirror)
	header="# Added by the catalog's tools/offline-mirror.sh (source packages for the offline mirror)."
	if ((${#want_src[@]})); then
		write_if_changed "$SRC_LIST" "$header
Types: deb-src
URIs: $debian
Suites: ${want_src[*]}
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" && changed=1
	elif [ -e "$SRC_LIST" ]; then
		# Configured elsewhere since: ours would only duplicate it.
		log "removing $SRC_LIST (other apt sources provide it now)"
		rm -f "$SRC_LIST"
		changed=1
	fi
	host=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
	if ! grep -qx "deb trixie" <<<"$elsewhere"; then
		write_if_changed "$TRIXIE_LIST" "$header
Types: deb
URIs: $debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" && changed=1
		if [ "$host" != trixie ] && [ ! -e "$TRIXIE_PIN" ]; then
			log "adding $TRIXIE_PIN (trixie at priority 100: this $host host stays on $host)"
			printf '%s\n' "# Added by the catalog's tools/offline-mirror.sh: only explicit pkg/trixie requests use trixie." \
				"Package: *" "Pin: release n=trixie" "Pin-Priority: 100" >"$TRIXIE_PIN"
		fi
	elif [ -e "$TRIXIE_LIST" ]; then
		log "removing $TRIXIE_LIST (other apt sources provide it now)"
		rm -f "$TRIXIE_LIST"
		changed=1
	fi
	[ -n "$changed" ] || log "apt sources: deb-src bookworm and trixie, deb trixie are configured"
	[ -z "$changed" ] || fetched=
	if [ -n "$changed" ] || ! grep -qx "deb-src bookworm" <<<"$fetched" ||
		! grep -qx "deb-src trixie" <<<"$fetched" || ! grep -qx "deb trixie" <<<"$fetched"; then
		apt_update
	fi
	if [ "$host" != trixie ] &&
		apt-cache policy 2>/dev/null | awk '$2 ~ /^[a-z]+:\/\// && $3 ~ /^trixie\// && $1 >= 500 { f = 1 } END { exit !f }'; then
		log "warning: trixie has apt priority >= 500 on this $host host: 'apt-get upgrade' would move it to trixie; pin it (see $TRIXIE_PIN)"
	fi
	_sources_ready=1
}

# apt_fetch CMD... — run an apt download command in the current directory;
# if it fails (stale package lists), refresh the lists once and retry.
apt_fetch() {
	ensure_apt_sources
	apt_get "$@" && return 0
	[ -z "$_catalog_apt_updated" ] || die "apt-get $* failed"
	log "apt-get $* failed; refreshing the package lists and retrying"
	apt_update
	apt_get "$@" || die "apt-get $* failed"
}

# apt_tmpdir — a scratch directory (REPLY) that apt's sandbox user can write
# to, removed when the script exits.
apt_tmpdir() {
	REPLY=$(mktemp -d "${TMPDIR:-/tmp}/catalog-apt.XXXXXX")
	on_exit "rm -rf '$REPLY'"
	chmod 755 "$REPLY"
	if is_root && id _apt >/dev/null 2>&1; then chown _apt "$REPLY"; fi
}

# ---- downloads (cached in $DL) ----------------------------------------------
# The fetch_* functions return paths in variables, not on stdout: a $(...)
# subshell would forget that apt is already set up.

# fetch_orig SOURCE-PACKAGE/RELEASE FILE SHA256 — an upstream tarball from a
# Debian source package, checked against SHA256; its path in REPLY.
fetch_orig() {
	local spec=$1 file=$2 sha=$3 dest="$DL/sources/$2" tmp got
	if [ -s "$dest" ] && [ "$(sha256_of "$dest")" = "$sha" ]; then
		REPLY=$dest
		return 0
	fi
	mkdir -p "$DL/sources"
	ensure_apt_sources
	apt_tmpdir
	tmp=$REPLY
	log "apt-get source --download-only $spec"
	(cd "$tmp" && apt_fetch source --download-only "$spec")
	[ -s "$tmp/$file" ] || die "apt-get source $spec did not give $file (got: $(cd "$tmp" && echo *))"
	got=$(sha256_of "$tmp/$file")
	[ "$got" = "$sha" ] || die "$file from Debian has sha256 $got, expected $sha"
	mv -f "$tmp/$file" "$dest"
	REPLY=$dest
}

# fetch_debs RELEASE PACKAGE... — binary packages from RELEASE (cached, one
# apt-get call for the missing ones); their paths in DEB[PACKAGE].
declare -A DEB=()
fetch_debs() {
	local rel=$1 dir="$DL/debs/$1" pkg f missing=() specs=() tmp
	shift
	mkdir -p "$dir"
	for pkg in "$@"; do
		f=$(find "$dir" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n1)
		if [ -n "$f" ]; then DEB[$pkg]=$f; else missing+=("$pkg"); fi
	done
	((${#missing[@]})) || return 0
	ensure_apt_sources
	apt_tmpdir
	tmp=$REPLY
	for pkg in "${missing[@]}"; do specs+=("$pkg/$rel"); done
	log "apt-get download ${specs[*]}"
	(cd "$tmp" && apt_fetch download "${specs[@]}")
	for pkg in "${missing[@]}"; do
		f=$(find "$tmp" -maxdepth 1 -name "${pkg}_*.deb" | head -n1)
		[ -n "$f" ] || die "apt-get download $pkg/$rel gave no ${pkg}_*.deb"
		mv -f "$f" "$dir/"
		DEB[$pkg]="$dir/${f##*/}"
	done
}

# deb_upstream_version DEB — "2.5.4" for "2.5.4-1" (epoch and revision dropped).
deb_upstream_version() {
	local v
	v=$(dpkg-deb -f "$1" Version)
	v=${v#*:}
	printf '%s\n' "${v%-*}"
}

# ---- building the mirror ------------------------------------------------------

build_python() {
	local stage=$1 f311 f313
	fetch_orig "python3.11/bookworm" "python3.11_$PY311_VERSION.orig.tar.gz" "$PY311_SHA256"
	f311=$REPLY
	fetch_orig "python3.13/trixie" "python3.13_$PY313_VERSION.orig.tar.xz" "$PY313_SHA256"
	f313=$REPLY
	mkdir -p "$stage/python/$PY311_VERSION" "$stage/python/$PY313_VERSION" "$stage/python-build"
	# python.org's file names, for URLs in python-build definitions
	cp "$f311" "$stage/python/Python-$PY311_VERSION.tgz"
	cp "$f313" "$stage/python/Python-$PY313_VERSION.tar.xz"
	# python.org's /ftp/python/ layout, for PYTHON_BUILD_MIRROR_URL=<url>/python with
	# PYTHON_BUILD_MIRROR_URL_SKIP_CHECKSUM=1 (python-build keeps the path after /ftp/python)
	ln "$stage/python/Python-$PY311_VERSION.tgz" "$stage/python/$PY311_VERSION/"
	ln "$stage/python/Python-$PY313_VERSION.tar.xz" "$stage/python/$PY313_VERSION/"
	# python-build's own mirror layout: PYTHON_BUILD_MIRROR_URL=<url>/python-build
	# fetches <url>/python-build/<sha256>
	ln "$stage/python/Python-$PY311_VERSION.tgz" "$stage/python-build/$PY311_SHA256"
	ln "$stage/python/Python-$PY313_VERSION.tar.xz" "$stage/python-build/$PY313_SHA256"
}

# Debian's pyenv is the upstream tree under /usr/share/pyenv, without the
# top-level bin/ and with its documentation, man pages and completion moved to
# the usual Debian places. Put those back so that PYENV_ROOT=<extracted dir>
# works like a clone of the upstream repository.
build_pyenv() {
	local stage=$1 deb debv v x top d f
	fetch_debs trixie pyenv
	deb=${DEB[pyenv]}
	debv=$(dpkg-deb -f "$deb" Version)
	v=$(deb_upstream_version "$deb")
	[ "$v" = "$PYENV_VERSION" ] || die "trixie's pyenv is $v, the catalog expects $PYENV_VERSION"
	x=$(mktemp -d "${TMPDIR:-/tmp}/catalog-pyenv.XXXXXX")
	on_exit "rm -rf '$x'"
	d="$x/deb"
	dpkg-deb -x "$deb" "$d"
	[ -x "$d/usr/share/pyenv/libexec/pyenv" ] || die "$deb has no /usr/share/pyenv/libexec/pyenv"
	[ -x "$d/usr/share/pyenv/plugins/python-build/bin/python-build" ] || die "$deb has no python-build plugin"
	top="$x/pyenv-$PYENV_VERSION"
	cp -a "$d/usr/share/pyenv" "$top"
	mkdir -p "$top/bin" "$top/completions" "$top/man/man1"
	ln -sfn ../libexec/pyenv "$top/bin/pyenv"
	[ ! -f "$d/usr/share/bash-completion/completions/pyenv" ] ||
		cp "$d/usr/share/bash-completion/completions/pyenv" "$top/completions/pyenv.bash"
	for f in "$d"/usr/share/man/man1/*.1.gz; do
		[ -e "$f" ] || continue
		f=${f##*/}
		gzip -dc "$d/usr/share/man/man1/$f" >"$top/man/man1/${f%.gz}"
	done
	[ ! -f "$d/usr/share/doc/pyenv/README.md.gz" ] || gzip -dc "$d/usr/share/doc/pyenv/README.md.gz" >"$top/README.md"
	[ ! -f "$d/usr/share/doc/pyenv/changelog.gz" ] || gzip -dc "$d/usr/share/doc/pyenv/changelog.gz" >"$top/CHANGELOG.md"
	[ ! -f "$d/usr/share/doc/pyenv/copyright" ] || cp "$d/usr/share/doc/pyenv/copyright" "$top/LICENSE"
	f="$top/plugins/python-build/README.md"
	if [ -f "$f.gz" ]; then gzip -dc "$f.gz" >"$f" && rm -f "$f.gz"; fi
	printf '%s\n' "pyenv $debv, Debian trixie's package (tree from /usr/share/pyenv)," \
		"repacked as an upstream-style tree by the catalog's tools/offline-mirror.sh." >"$top/DEBIAN-PACKAGE"
	mkdir -p "$stage/pyenv"
	tar -C "$x" -c --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 \
		"pyenv-$PYENV_VERSION" | gzip -9n >"$stage/pyenv/pyenv-$PYENV_VERSION.tar.gz"
	rm -rf "$x"
}

build_wheels() {
	local stage=$1 pkg deb x v
	mkdir -p "$stage/wheels"
	fetch_debs trixie "${WHEEL_PACKAGES[@]}"
	for pkg in "${WHEEL_PACKAGES[@]}"; do
		deb=${DEB[$pkg]}
		if [ "$pkg" = python3-flask ]; then
			v=$(deb_upstream_version "$deb")
			[ "$v" = "$FLASK_VERSION" ] || die "trixie's python3-flask is $v, the catalog expects $FLASK_VERSION"
		fi
		x=$(mktemp -d "${TMPDIR:-/tmp}/catalog-wheel.XXXXXX")
		on_exit "rm -rf '$x'"
		dpkg-deb -x "$deb" "$x"
		python3 "$TOOLS/lib/wheelhouse.py" wheel "$x" "$stage/wheels" | sed 's|.*/|  wheel: |' >&2
		rm -rf "$x"
	done
	python3 "$TOOLS/lib/wheelhouse.py" index "$stage"
}

write_manifest() {
	local stage=$1
	(
		cd "$stage"
		find . -type f ! -name 'MANIFEST*' ! -name '.*' -printf '%P\n' | LC_ALL=C sort |
			xargs -d '\n' sha256sum
	) >"$stage/MANIFEST.tmp"
	mv -f "$stage/MANIFEST.tmp" "$stage/MANIFEST"
}

write_root_index() {
	cat >"$1/index.html" <<EOF
<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>catalog offline mirror</title></head>
<body>
<h1>catalog offline mirror</h1>
<ul>
<li><a href="python/">python/</a>: CPython $PY311_VERSION and $PY313_VERSION sources (python.org file names)</li>
<li><a href="python-build/">python-build/</a>: the same, named by sha256 (PYTHON_BUILD_MIRROR_URL)</li>
<li><a href="pyenv/">pyenv/</a>: pyenv $PYENV_VERSION</li>
<li><a href="wheels/">wheels/</a>: Flask $FLASK_VERSION and its dependencies (pip --find-links)</li>
<li><a href="simple/">simple/</a>: the same as a package index (pip --index-url)</li>
<li><a href="MANIFEST">MANIFEST</a>: sha256 of every file</li>
</ul>
</body>
</html>
EOF
}

prepared() { [ -s "$MIRROR/MANIFEST" ] && [ "$(cat "$MIRROR/.format" 2>/dev/null)" = "$FORMAT" ]; }

cmd_prepare() {
	local force=${1:-} t0 stage
	if [ -z "$force" ] && prepared; then
		log "reusing $MIRROR (prepare --force rebuilds it)"
		printf '%s\n' "$MIRROR"
		return 0
	fi
	lock "$CATALOG_CACHE/.mirror.lock"
	if [ -z "$force" ] && prepared; then
		log "reusing $MIRROR (built by a concurrent run)"
		printf '%s\n' "$MIRROR"
		return 0
	fi
	t0=$(now)
	need python3
	need dpkg-deb dpkg
	mkdir -p "$DL" "$CATALOG_CACHE"
	stage=$(mktemp -d "$CATALOG_CACHE/.mirror.XXXXXX")
	on_exit "rm -rf '$stage'"
	build_python "$stage"
	build_pyenv "$stage"
	build_wheels "$stage"
	write_root_index "$stage"
	write_manifest "$stage"
	printf '%s\n' "$FORMAT" >"$stage/.format"
	chmod -R a+rX "$stage"
	# Swap it in (a running server picks the new tree up on its next request).
	rm -rf "$MIRROR.old"
	[ ! -e "$MIRROR" ] || mv "$MIRROR" "$MIRROR.old"
	mv "$stage" "$MIRROR"
	rm -rf "$MIRROR.old"
	log "prepared $MIRROR ($(du -sh "$MIRROR" | cut -f1), $(wc -l <"$MIRROR/MANIFEST") files) in $(elapsed "$t0")"
	printf '%s\n' "$MIRROR"
}

cmd_verify() {
	prepared || die "no mirror in $MIRROR; run: $0 prepare"
	(cd "$MIRROR" && sha256sum --quiet -c MANIFEST >&2) || die "$MIRROR does not match its MANIFEST; run: $0 prepare --force"
	log "all $(wc -l <"$MIRROR/MANIFEST") files in $MIRROR match the MANIFEST"
	printf '%s\n' "$MIRROR"
}

# ---- serving ----------------------------------------------------------------

running() { pid_alive "$PIDFILE" "$PATTERN" && http_ok "$URL/MANIFEST"; }

cmd_serve() {
	prepared || cmd_prepare >/dev/null
	lock "$CATALOG_CACHE/run/mirror-$PORT.lock" 120
	if running; then
		log "already serving $MIRROR at $URL (pid $(cat "$PIDFILE"))"
		printf '%s\n' "$URL"
		return 0
	fi
	if pid_alive "$PIDFILE" "$PATTERN"; then
		wait_ready "$PIDFILE" "$PATTERN" "$URL/MANIFEST" "$LOGFILE" 10
		printf '%s\n' "$URL"
		return 0
	fi
	rm -f "$PIDFILE"
	need node nodejs
	need curl
	if port_open "$HOST" "$PORT"; then
		# A server that hands out this very mirror (same MANIFEST) serves us just as well.
		if curl -fsS --max-time 2 "$URL/MANIFEST" 2>/dev/null | cmp -s - "$MIRROR/MANIFEST"; then
			log "already serving $MIRROR at $URL (started elsewhere)"
			printf '%s\n' "$URL"
			return 0
		fi
		die "port $PORT on $HOST is already in use by another process; stop it or set CATALOG_MIRROR_PORT"
	fi
	start_bg "$PIDFILE" "$LOGFILE" node "$SERVER" "$MIRROR" "$PORT" "$HOST"
	wait_ready "$PIDFILE" "$PATTERN" "$URL/MANIFEST" "$LOGFILE" 30
	log "serving $MIRROR at $URL (pid $(cat "$PIDFILE"), log $LOGFILE)"
	printf '%s\n' "$URL"
}

cmd_stop() {
	lock "$CATALOG_CACHE/run/mirror-$PORT.lock" 120
	stop_bg "$PIDFILE" "$PATTERN" "mirror server on $URL"
}

cmd_status() {
	if running; then
		log "serving $MIRROR at $URL (pid $(cat "$PIDFILE"))"
		printf '%s\n' "$URL"
		return 0
	fi
	log "not serving at $URL"
	exit 1
}

case "${1:-}" in
prepare)
	case "${2:-}" in
	"") cmd_prepare ;;
	--force) cmd_prepare force ;;
	*) usage ;;
	esac
	;;
serve) cmd_serve ;;
stop) cmd_stop ;;
status) cmd_status ;;
url) printf '%s\n' "$URL" ;;
env)
	# For the catalog's `mirrors:` (CATALOG_MIRROR_<NAME> overrides MIRROR_<NAME> build args):
	#   eval "$(tools/offline-mirror.sh env)"
	printf 'export CATALOG_MIRROR_PYTHON_BUILD=%s\n' "$URL/python-build"
	printf 'export CATALOG_MIRROR_PYPI=%s\n' "$URL/simple"
	;;
verify) cmd_verify ;;
*) usage ;;
esac
