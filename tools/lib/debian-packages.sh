# shellcheck shell=bash
# Debian packages at the versions the catalog names, for tools/offline-mirror.sh
# (install-deps.sh uses its apt sources too, for cosign on Debian 12):
# the apt sources it needs (deb-src bookworm and trixie, deb trixie pinned low),
# and downloads of source and binary packages by upstream version, cached in
# $DL. Source this after common.sh, with DL set; do not run it.


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
	header="# Added by the catalog's tools (offline-mirror.sh: source packages; install-deps.sh: cosign from trixie)."
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
			printf '%s\n' "# Added by the catalog's tools (offline-mirror.sh, install-deps.sh): only explicit pkg/trixie requests use trixie." \
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
# subshell would forget that apt is already set up, and could not die.

# upstream_of DEBIAN-VERSION — "1.2.3" for "1.2.3-4+deb12u5", "8.1.8" for
# "8.2.0+0.really.8.1.8-1", "1.0" for "1:1.0+dfsg-2": epoch, revision, +really
# and +dfsg-style suffixes dropped.
upstream_of() {
	local v=${1#*:}
	v=${v%-*}
	case "$v" in *really*) v=${v##*really} && v=${v#[.+]} ;; esac
	printf '%s\n' "${v%%+*}"
}

# debian_source PACKAGE UPSTREAM WHAT — the newest version of source package
# PACKAGE in apt's lists whose upstream version is UPSTREAM, in REPLY; dies
# naming WHAT (the catalog's entry) when Debian's archive has none.
debian_source() {
	local pkg=$1 want=$2 what=$3 all v best=''
	ensure_apt_sources
	all=$(apt-cache showsrc "$pkg" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -u)
	for v in $all; do
		[ "$(upstream_of "$v")" = "$want" ] || continue
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
	done
	[ -n "$best" ] || die "$what: Debian's archive has no source package $pkg of $want (apt's deb-src lists have: $(echo ${all:-none})); choose a version Debian packages, or do without the offline mirror"
	REPLY=$best
}

# debian_binary PACKAGE UPSTREAM DEBIAN-VERSION WHAT — where apt's lists have
# binary package PACKAGE at DEBIAN-VERSION ("-": the newest of UPSTREAM): the
# version in REPLY, its suite in SUITE; dies naming WHAT when none has it.
debian_binary() {
	local pkg=$1 want=$2 debver=$3 what=$4 all v s best='' suite=''
	ensure_apt_sources
	all=$(apt-cache madison "$pkg" 2>/dev/null |
		awk -F'|' '$3 ~ / Packages *$/ { gsub(/ /, "", $2); split($3, w, " "); sub(/\/.*/, "", w[2]); print $2, w[2] }')
	while read -r v s; do
		[ -n "$v" ] || continue
		if [ "$debver" = - ]; then [ "$(upstream_of "$v")" = "$want" ] || continue; else [ "$v" = "$debver" ] || continue; fi
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v suite=$s; fi
	done <<<"$all"
	[ -n "$best" ] || die "$what: Debian's archive has no $pkg $([ "$debver" = - ] && echo "of $want" || echo "$debver") (apt's lists have: $(awk '{ print $1 }' <<<"$all" | sort -u | xargs echo)); choose a version Debian packages, or do without the offline mirror"
	REPLY=$best
	SUITE=$suite
}

# deb_file_version DEB — the Debian version in a .deb's file name (pkg_VERSION_arch.deb).
deb_file_version() {
	local v=${1##*/}
	v=${v#*_}
	v=${v%_*}
	printf '%s\n' "${v//%3a/:}"
}

# fetch_debs "PACKAGE UPSTREAM DEBIAN-VERSION WHERE"... — binary packages at
# those versions (DEBIAN-VERSION "-": the newest of UPSTREAM) from whichever
# suite apt knows has them; cached in $DL/debs/SUITE, one apt-get call for the
# missing ones. Their paths in DEB[PACKAGE].
declare -A DEB=()
fetch_debs() {
	local spec pkg want debver where f v tmp missing=()
	local -A suite_of=()
	for spec in "$@"; do
		read -r pkg want debver where <<<"$spec"
		DEB[$pkg]=
		for f in "$DL"/debs/*/"${pkg}"_*.deb; do
			[ -e "$f" ] || continue
			v=$(deb_file_version "$f")
			if [ "$v" = "$debver" ] || { [ "$debver" = - ] && [ "$(upstream_of "$v")" = "$want" ]; }; then
				DEB[$pkg]=$f
				break
			fi
		done
		[ -z "${DEB[$pkg]}" ] || continue
		debian_binary "$pkg" "$want" "$debver" "$pkg $want ($where)"
		missing+=("$pkg=$REPLY")
		suite_of[$pkg]=$SUITE
	done
	((${#missing[@]})) || return 0
	apt_tmpdir
	tmp=$REPLY
	log "apt-get download ${missing[*]}"
	(cd "$tmp" && apt_fetch download "${missing[@]}")
	for spec in "${missing[@]}"; do
		pkg=${spec%%=*}
		f=$(find "$tmp" -maxdepth 1 -name "${pkg}_*.deb" | head -n1)
		[ -n "$f" ] || die "apt-get download $spec gave no ${pkg}_*.deb"
		mkdir -p "$DL/debs/${suite_of[$pkg]}"
		mv -f "$f" "$DL/debs/${suite_of[$pkg]}/"
		DEB[$pkg]="$DL/debs/${suite_of[$pkg]}/${f##*/}"
	done
}
