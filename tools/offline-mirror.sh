#!/usr/bin/env bash
# An offline mirror of what the catalog downloads (CPython sources, pyenv,
# Flask wheels), made from Debian packages and served over HTTP on 127.0.0.1,
# for machines without python.org, GitHub or PyPI. What to serve comes from
# `catalog sources --json` (the catalog is the only source of versions).
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
# CATALOG_DEBIAN_MIRROR, CATALOG_FILE. See tools/README.md for the layout and how to point
# pyenv, python-build and pip at it.
set -euo pipefail
TOOLS="$(dirname "$(readlink -f "$0")")"
# shellcheck source=tools/lib/common.sh
. "$TOOLS/lib/common.sh"

usage() {
	sed -n '6,12s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# Bump when the layout changes, so that cached mirrors are rebuilt. A mirror is
# also rebuilt when what the catalog downloads changes (see SOURCES_KEY).
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

# shellcheck source=tools/lib/debian-packages.sh
. "$TOOLS/lib/debian-packages.sh"

# ---- what the catalog downloads ---------------------------------------------

# `catalog sources --json`, reduced to what this mirror serves, one line each,
# sorted (a node with pip requirements installs the project named like its
# image at its version, as images/flask/requirements.txt.hbs pins
# flask=={{version}}):
#   python VERSION FILE SHA256 WHERE    a source whose file is Python-VERSION.tgz or .tar.xz
#   pyenv VERSION DEBIAN-VERSION WHERE  a version of the pyenv image (DEBIAN-VERSION from its
#                                       { type: debian, package }, else "-": the newest Debian
#                                       package of that version)
#   project PROJECT VERSION WHERE       the project of an image with pip requirements (Flask)
#   wheel PROJECT VERSION WHERE         a pinned pip requirement
# WHERE says where the catalog names it, for messages. Each is served once.
# shellcheck disable=SC2016 # JavaScript, not shell.
SOURCES_JS='
const { nodes } = JSON.parse(require("fs").readFileSync(0, "utf8"));
const lines = new Set();
const problems = [];
const seen = new Map();
const add = (key, value, fields) => {
  const before = seen.get(key);
  if (before === undefined) lines.add(fields.join("\t"));
  else if (before.value !== value) {
    problems.push(`${key} is ${before.value} at ${before.where} but ${value} at ${fields.at(-1)}: the mirror serves one`);
  }
  seen.set(key, before ?? { value, where: fields.at(-1) });
};
for (const node of nodes) {
  for (const s of node.sources) {
    const m = /^Python-(\d+\.\d+\.\d+)\.(tgz|tar\.xz)$/.exec(s.file ?? "");
    if (m && s.sha256) add(`the sha256 of ${s.file}`, s.sha256, ["python", m[1], s.file, s.sha256, s.declaredAt]);
    else if (s.url && node.image !== "pyenv") console.error(`offline-mirror.sh: note: the mirror does not serve ${s.url} (${s.declaredAt})`);
  }
  if (node.image === "pyenv") {
    const deb = node.sources.find((s) => s.type === "debian" && s.fields.package);
    add(`pyenv ${node.version}`, String(deb?.fields.package ?? "-"), ["pyenv", node.version, String(deb?.fields.package ?? "-"), node.id]);
  }
  if (node.requirements.length === 0) continue;
  add(`${node.image} (pip)`, node.version, ["project", node.image, node.version, node.id]);
  for (const r of node.requirements) {
    if (r.version) add(`${r.name} (pip)`, r.version, ["wheel", r.name, r.version, r.declaredAt]);
    else problems.push(`${r.declaredAt}: "${r.requirement}" is not pinned (name==version): the mirror serves exact versions`);
  }
}
for (const p of problems) console.error(`offline-mirror.sh: error: ${p}`);
if (problems.length > 0) process.exit(1);
process.stdout.write([...lines].sort().map((l) => `${l}\n`).join(""));
'

PYTHONS=()  # "VERSION FILE SHA256 WHERE"
PYENVS=()   # "VERSION DEBIAN-VERSION WHERE"
PROJECTS=() # "PROJECT VERSION WHERE"
WHEELS=()   # "PROJECT VERSION WHERE": the projects and their requirements
SOURCES_KEY=
_sources_read=
read_sources() {
	[ -z "$_sources_read" ] || return 0
	local lines kind rest
	catalog_sources
	lines=$(node -e "$SOURCES_JS" <<<"$REPLY") || die "$(catalog_file) names sources this mirror cannot serve (above)"
	while IFS=$'\t' read -r kind rest; do
		rest=${rest//$'\t'/ }
		case "$kind" in
		python) PYTHONS+=("$rest") ;;
		pyenv) PYENVS+=("$rest") ;;
		project) PROJECTS+=("$rest") && WHEELS+=("$rest") ;;
		wheel) WHEELS+=("$rest") ;;
		esac
	done <<<"$lines"
	((${#PYTHONS[@]})) || log "warning: $(catalog_file) names no CPython source (Python-X.Y.Z.tgz or .tar.xz)"
	# The cache key: the layout's FORMAT and what is served (not where it is declared).
	SOURCES_KEY="$FORMAT $(awk -F'\t' '{ $NF = ""; print }' <<<"$lines" | sha256sum | cut -c1-16)"
	_sources_read=1
}

# ---- downloads --------------------------------------------------------------

# fetch_python VERSION FILE SHA256 WHERE — CPython's tarball FILE
# (Python-VERSION.tgz or .tar.xz) from Debian's source package python3.X, whose
# orig tarball is python.org's file; checked against SHA256; its path in REPLY.
fetch_python() {
	local version=$1 file=$2 sha=$3 where=$4 src orig dest tmp got
	src="python${version%.*}"
	case "$file" in
	*.tgz) orig="${src}_$version.orig.tar.gz" ;;
	*) orig="${src}_$version.orig.tar.${file##*.}" ;;
	esac
	dest="$DL/sources/$orig"
	if [ -s "$dest" ] && [ "$(sha256_of "$dest")" = "$sha" ]; then
		REPLY=$dest
		return 0
	fi
	mkdir -p "$DL/sources"
	debian_source "$src" "$version" "CPython $version ($where)"
	src="$src=$REPLY"
	apt_tmpdir
	tmp=$REPLY
	log "apt-get source --download-only $src"
	(cd "$tmp" && apt_fetch source --download-only "$src")
	[ -s "$tmp/$orig" ] || die "apt-get source $src did not give $orig (got: $(cd "$tmp" && echo *)); Debian packs CPython $version otherwise than $file ($where)"
	got=$(sha256_of "$tmp/$orig")
	[ "$got" = "$sha" ] || die "$orig from Debian has sha256 $got, but $where says $sha for $file"
	mv -f "$tmp/$orig" "$dest"
	REPLY=$dest
}

# ---- building the mirror ------------------------------------------------------

build_python() {
	local stage=$1 line version file sha where
	mkdir -p "$stage/python-build"
	for line in "${PYTHONS[@]}"; do
		read -r version file sha where <<<"$line"
		fetch_python "$version" "$file" "$sha" "$where"
		mkdir -p "$stage/python/$version"
		# python.org's file names, for URLs in python-build definitions
		cp "$REPLY" "$stage/python/$file"
		# python.org's /ftp/python/ layout, for PYTHON_BUILD_MIRROR_URL=<url>/python with
		# PYTHON_BUILD_MIRROR_URL_SKIP_CHECKSUM=1 (python-build keeps the path after /ftp/python)
		ln "$stage/python/$file" "$stage/python/$version/"
		# python-build's own mirror layout: PYTHON_BUILD_MIRROR_URL=<url>/python-build
		# fetches <url>/python-build/<sha256>
		ln "$stage/python/$file" "$stage/python-build/$sha"
	done
}

build_pyenvs() {
	local stage=$1 line version debver where
	for line in "${PYENVS[@]}"; do
		read -r version debver where <<<"$line"
		fetch_debs "pyenv $version $debver $where"
		build_pyenv "$stage" "$version" "${DEB[pyenv]}" "$where"
	done
}

# build_pyenv STAGE VERSION DEB WHERE — Debian's pyenv is the upstream tree
# under /usr/share/pyenv, without the top-level bin/ and with its
# documentation, man pages and completion moved to the usual Debian places.
# Put those back so that PYENV_ROOT=<extracted dir> works like a clone of the
# upstream repository.
build_pyenv() {
	local stage=$1 version=$2 deb=$3 where=$4 debv v x top d f
	debv=$(dpkg-deb -f "$deb" Version)
	v=$(upstream_of "$debv")
	[ "$v" = "$version" ] || die "Debian's pyenv $debv is pyenv $v, but $where is pyenv $version"
	x=$(mktemp -d "${TMPDIR:-/tmp}/catalog-pyenv.XXXXXX")
	on_exit "rm -rf '$x'"
	d="$x/deb"
	dpkg-deb -x "$deb" "$d"
	[ -x "$d/usr/share/pyenv/libexec/pyenv" ] || die "$deb has no /usr/share/pyenv/libexec/pyenv"
	[ -x "$d/usr/share/pyenv/plugins/python-build/bin/python-build" ] || die "$deb has no python-build plugin"
	top="$x/pyenv-$version"
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
	printf '%s\n' "pyenv $debv, Debian $(basename "$(dirname "$deb")")'s package (tree from /usr/share/pyenv)," \
		"repacked as an upstream-style tree by the catalog's tools/offline-mirror.sh." >"$top/DEBIAN-PACKAGE"
	mkdir -p "$stage/pyenv"
	tar -C "$x" -c --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 \
		"pyenv-$version" | gzip -9n >"$stage/pyenv/pyenv-$version.tar.gz"
	rm -rf "$x"
}

# build_wheels STAGE — a py3-none-any wheel of each pinned project, from
# Debian's python3-PROJECT package of that version, and pip's indexes.
build_wheels() {
	local stage=$1 line project version where specs=() x wheel
	((${#WHEELS[@]})) || return 0
	mkdir -p "$stage/wheels"
	for line in "${WHEELS[@]}"; do
		read -r project version where <<<"$line"
		specs+=("python3-$project $version - $where")
	done
	fetch_debs "${specs[@]}"
	for line in "${WHEELS[@]}"; do
		read -r project version where <<<"$line"
		x=$(mktemp -d "${TMPDIR:-/tmp}/catalog-wheel.XXXXXX")
		on_exit "rm -rf '$x'"
		dpkg-deb -x "${DEB[python3-$project]}" "$x"
		wheel=$(python3 "$TOOLS/lib/wheelhouse.py" wheel "$x" "$stage/wheels")
		printf '  wheel: %s\n' "${wheel##*/}" >&2
		[[ "${wheel##*/}" == *-"$version"-py3-none-any.whl ]] ||
			die "${DEB[python3-$project]##*/} gives ${wheel##*/}, but $where pins $project $version"
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

# and_list WORD... — "a", "a and b", "a, b and c".
and_list() {
	local out=''
	while (($# > 0)); do
		if [ -z "$out" ]; then
			out=$1
		elif (($# == 1)); then
			out+=" and $1"
		else
			out+=", $1"
		fi
		shift
	done
	printf '%s' "$out"
}

write_root_index() {
	local line pythons=() pyenvs=() projects=() project version their=its
	for line in "${PYTHONS[@]}"; do pythons+=("${line%% *}"); done
	for line in "${PYENVS[@]}"; do pyenvs+=("${line%% *}"); done
	for line in "${PROJECTS[@]}"; do
		read -r project version _ <<<"$line"
		projects+=("${project^} $version")
	done
	((${#projects[@]} < 2)) || their=their
	cat >"$1/index.html" <<EOF
<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>catalog offline mirror</title></head>
<body>
<h1>catalog offline mirror</h1>
<ul>
<li><a href="python/">python/</a>: CPython $(and_list "${pythons[@]}") sources (python.org file names)</li>
<li><a href="python-build/">python-build/</a>: the same, named by sha256 (PYTHON_BUILD_MIRROR_URL)</li>
<li><a href="pyenv/">pyenv/</a>: pyenv $(and_list "${pyenvs[@]}")</li>
<li><a href="wheels/">wheels/</a>: $(and_list "${projects[@]}") and $their dependencies (pip --find-links)</li>
<li><a href="simple/">simple/</a>: the same as a package index (pip --index-url)</li>
<li><a href="MANIFEST">MANIFEST</a>: sha256 of every file</li>
</ul>
</body>
</html>
EOF
}

# The mirror is built, in this layout, for what the catalog downloads now.
prepared() {
	read_sources
	[ -s "$MIRROR/MANIFEST" ] && [ "$(cat "$MIRROR/.format" 2>/dev/null)" = "$SOURCES_KEY" ]
}

cmd_prepare() {
	local force=${1:-} t0 stage
	read_sources
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
	build_pyenvs "$stage"
	build_wheels "$stage"
	write_root_index "$stage"
	write_manifest "$stage"
	printf '%s\n' "$SOURCES_KEY" >"$stage/.format"
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
	[ -s "$MIRROR/MANIFEST" ] || die "no mirror in $MIRROR; run: $0 prepare"
	prepared || die "$MIRROR was built for other sources than $(catalog_file) names now (or an older layout); run: $0 prepare"
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
