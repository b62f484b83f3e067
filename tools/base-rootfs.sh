#!/usr/bin/env bash
# A minimal, trimmed Debian root filesystem as a tarball, bootstrapped with
# debootstrap from the machine's Debian mirror (no Docker Hub needed). Use it as
#   FROM scratch
#   ADD rootfs.tar /
#
#   tools/base-rootfs.sh [--force] [--no-upgrade] [--arch ARCH] [SUITE]     (SUITE: trixie)
#
# Prints the tarball's path: $CATALOG_CACHE/rootfs/SUITE.tar. Also writes
# SUITE.packages ("name version" per installed package, sorted),
# SUITE.tar.sha256 and SUITE.info next to it. A present tarball is reused;
# --force rebuilds.
#
# --arch ARCH (a Debian architecture: arm64, armhf, ...; default the machine's,
# or CATALOG_ARCH, which catalog build sets per platform) bootstraps another architecture's tree: debootstrap
# --foreign, then its second stage in a chroot under the qemu emulator that
# qemu-user-static and binfmt-support register. Cached per architecture, as
# SUITE-ARCH.tar (the machine's own stays SUITE.tar).
#
# The image's apt sources point at the same mirror (SUITE, SUITE-updates and,
# when a security archive is known, SUITE-security); the tree is upgraded from
# them before packing, unless --no-upgrade.
#
# The security archive comes from the same lookup `catalog upstream check` uses
# (`catalog sources --json`, its default archive): CATALOG_DEBIAN_SECURITY_MIRROR,
# else the machine's apt sources. A catalog's securityUpdates.mirror only points
# the check elsewhere; the tree is upgraded from the machine's archive.
#
# debootstrap checks the Release file it downloads against the Debian archive keyring
# (CATALOG_DEBIAN_KEYRING, default /usr/share/keyrings/debian-archive-keyring.gpg, package
# debian-archive-keyring) and every package against it: --force-check-gpg, so a missing keyring
# is an error rather than an unchecked bootstrap.
#
# Environment: CATALOG_CACHE, CATALOG_DEBIAN_MIRROR, CATALOG_DEBIAN_SECURITY_MIRROR, CATALOG_DEBIAN_KEYRING,
# CATALOG_FILE, SOURCE_DATE_EPOCH (file times in the tarball; default 0),
# CATALOG_REFRESH=1 (as --force: `catalog build --upstream-changed` sets it for
# images with security fixes).
set -euo pipefail
# shellcheck source=tools/lib/common.sh
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"

usage() {
	sed -n '7p' "$0" | sed 's/^# *//' >&2
	exit 2
}

FORCE=
UPGRADE=1
SUITE=
ARCH=${CATALOG_ARCH:-}
while [ "$#" -gt 0 ]; do
	case "$1" in
	--force) FORCE=1 ;;
	--no-upgrade) UPGRADE= ;;
	--arch)
		[ "$#" -ge 2 ] || usage
		ARCH=$2
		shift
		;;
	--arch=*) ARCH=${1#--arch=} ;;
	-h | --help) usage ;;
	-*) die "unknown option $1" ;;
	*)
		[ -z "$SUITE" ] || usage
		SUITE=$1
		;;
	esac
	shift
done
SUITE=${SUITE:-trixie}
HOST_ARCH=$(dpkg --print-architecture)
ARCH=${ARCH:-$HOST_ARCH}
[[ "$ARCH" =~ ^[a-z0-9]+$ ]] || die "not a Debian architecture: '$ARCH' (amd64, arm64, armhf, ...)"
# The machine's own architecture keeps the name it always had; others are cached beside it.
NAME=$SUITE
[ "$ARCH" = "$HOST_ARCH" ] || NAME=$SUITE-$ARCH
[ -z "${CATALOG_REFRESH:-}" ] || FORCE=1
[[ "$SUITE" =~ ^[a-z][a-z0-9-]*$ ]] || die "not a Debian suite name: '$SUITE'"

OUT_DIR="$CATALOG_CACHE/rootfs"
TAR="$OUT_DIR/$NAME.tar"
PACKAGES="$OUT_DIR/$NAME.packages"
SUM="$TAR.sha256"
EPOCH="${SOURCE_DATE_EPOCH:-0}"

INFO="$OUT_DIR/$NAME.info"
# Bump when the tree's contents change (trimming, sources), so caches rebuild.
FORMAT=1

cached() {
	[ -s "$TAR" ] && [ -s "$PACKAGES" ] && [ -s "$SUM" ] &&
		grep -qx "format: $FORMAT" "$INFO" 2>/dev/null
}

if [ -z "$FORCE" ] && cached; then
	log "reusing $TAR (--force rebuilds it)"
	printf '%s\n' "$TAR"
	exit 0
fi

is_root || die "debootstrap needs root; run as root (or copy a built $NAME.tar into $OUT_DIR)"
lock "$OUT_DIR/.$NAME.lock"
# Another run may have built it while we waited for the lock.
if [ -z "$FORCE" ] && cached; then
	log "reusing $TAR (built by a concurrent run)"
	printf '%s\n' "$TAR"
	exit 0
fi

need debootstrap
KEYRING=${CATALOG_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
[ -s "$KEYRING" ] || die "no Debian archive keyring at $KEYRING to check the downloads against; install debian-archive-keyring (apt-get install debian-archive-keyring) or set CATALOG_DEBIAN_KEYRING"
MIRROR=$(debian_mirror)
SECURITY=$(debian_security_mirror)

WORK=$(mktemp -d "$OUT_DIR/.build-$NAME.XXXXXX")
ROOT="$WORK/root"
BOOTLOG="$OUT_DIR/$NAME.debootstrap.log"

# Unmount whatever is still mounted inside the tree (debootstrap or our
# chroot steps may have mounted /proc, /sys or /dev) before deleting it.
umount_tree() {
	local m
	awk -v r="$ROOT/" 'index($2 "/", r) == 1 { print $2 }' /proc/mounts | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null || true; done
}
cleanup() {
	umount_tree
	rm -rf --one-file-system "$WORK"
}
on_exit cleanup

FOREIGN=
if [ "$ARCH" != "$HOST_ARCH" ]; then
	FOREIGN=--foreign
	# qemu-user-static's emulators run the foreign tree's programs (the kernel finds them through binfmt_misc).
	case "$ARCH" in
	amd64) QEMU=x86_64 ;; arm64) QEMU=aarch64 ;; armhf | armel) QEMU=arm ;; i386) QEMU=i386 ;;
	ppc64el) QEMU=ppc64le ;; s390x) QEMU=s390x ;; riscv64) QEMU=riscv64 ;; mips64el) QEMU=mips64el ;;
	*) die "no qemu emulator known for the Debian architecture '$ARCH'" ;;
	esac
	grep -qs '^enabled' "/proc/sys/fs/binfmt_misc/qemu-$QEMU" ||
		die "cannot run $ARCH programs on this $HOST_ARCH machine: apt-get install qemu-user-static binfmt-support (no /proc/sys/fs/binfmt_misc/qemu-$QEMU)"
fi

t0=$(now)
log "debootstrap --variant=minbase --arch=$ARCH $FOREIGN $SUITE (log: $BOOTLOG)"
mkdir -p "$CATALOG_CACHE/downloads/debootstrap/$NAME"
# shellcheck disable=SC2086 # $FOREIGN is one option or none.
if ! debootstrap --variant=minbase --components=main --arch="$ARCH" $FOREIGN \
	--keyring="$KEYRING" --force-check-gpg \
	--cache-dir="$CATALOG_CACHE/downloads/debootstrap/$NAME" \
	"$SUITE" "$ROOT" "$MIRROR" >"$BOOTLOG" 2>&1; then
	tail -n 25 "$BOOTLOG" >&2
	die "debootstrap $SUITE ($ARCH) failed (full log: $BOOTLOG)"
fi
if [ -n "$FOREIGN" ]; then
	log "second stage under emulation (qemu-$QEMU; a few minutes)"
	if ! chroot "$ROOT" /debootstrap/debootstrap --second-stage >>"$BOOTLOG" 2>&1; then
		tail -n 25 "$BOOTLOG" >&2
		die "the second stage of debootstrap $SUITE ($ARCH) failed (full log: $BOOTLOG)"
	fi
	[ "$(chroot "$ROOT" dpkg --print-architecture)" = "$ARCH" ] || die "the $SUITE tree is not $ARCH"
fi
log "bootstrapped $SUITE ($ARCH) in $(elapsed "$t0")"

# apt sources of the image, in the deb822 format Debian's images use.
# sid/unstable have no -updates or -security suites.
case "$SUITE" in
sid | unstable | experimental | rc-buggy) SUITES=$SUITE SECURITY= ;;
*) SUITES="$SUITE $SUITE-updates" ;;
esac
rm -f "$ROOT/etc/apt/sources.list"
{
	printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$MIRROR" "$SUITES"
	if [ -n "$SECURITY" ]; then
		printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			"$SECURITY" "$SUITE"
	fi
} >"$ROOT/etc/apt/sources.list.d/debian.sources"

if [ -n "$UPGRADE" ]; then
	t1=$(now)
	log "upgrading from the image's apt sources ($SUITES${SECURITY:+ $SUITE-security})"
	printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
	chmod 755 "$ROOT/usr/sbin/policy-rc.d"
	mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc" 2>/dev/null || true
	# debootstrap copied the host's resolv.conf; it is removed again below.
	[ -s "$ROOT/etc/resolv.conf" ] || cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
	if ! {
		chroot "$ROOT" apt-get -q update &&
			DEBIAN_FRONTEND=noninteractive chroot "$ROOT" apt-get -q -y \
				-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold dist-upgrade &&
			chroot "$ROOT" apt-get -q clean
	} >>"$BOOTLOG" 2>&1; then
		tail -n 25 "$BOOTLOG" >&2
		die "upgrading the $SUITE tree failed (full log: $BOOTLOG); --no-upgrade skips this step"
	fi
	grep -E '^[0-9]+ upgraded' "$BOOTLOG" | tail -n1 | sed 's/^/  /' >&2 || true
	rm -f "$ROOT/usr/sbin/policy-rc.d"
	umount_tree
	log "upgraded in $(elapsed "$t1")"
fi

# ---- trim -------------------------------------------------------------------
# Keep dpkg from putting the trimmed files back in derived images (the same
# exclusions as Debian's "slim" images; copyright files stay for licensing).
mkdir -p "$ROOT/etc/dpkg/dpkg.cfg.d"
cat >"$ROOT/etc/dpkg/dpkg.cfg.d/catalog-slim" <<'EOF'
# Written by tools/base-rootfs.sh: keep the image small (like Debian's slim images).
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
EOF

before=$(du -sm "$ROOT" | cut -f1)
(
	cd "$ROOT"
	rm -rf var/lib/apt/lists/* var/cache/apt/*.bin var/cache/apt/archives/*.deb \
		var/cache/apt/archives/partial/* var/cache/debconf/*-old var/lib/dpkg/*-old \
		var/cache/ldconfig/aux-cache usr/share/man/* usr/share/info/* \
		usr/share/lintian/* usr/share/linda/* tmp/* var/tmp/*
	# Documentation, except the copyright files (licence compliance, SBOM scanners).
	find usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
	find usr/share/doc -mindepth 1 -type d -empty -delete 2>/dev/null || true
	# Message translations; C and C.UTF-8 are all the locales an image needs.
	find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
	if [ -d usr/lib/locale ]; then
		find usr/lib/locale -mindepth 1 -maxdepth 1 ! -name 'C.utf8' ! -name 'C.UTF-8' \
			! -name locale-archive -exec rm -rf {} +
		# A locale archive would only hold generated locales.
		rm -f usr/lib/locale/locale-archive
	fi
	# Logs (keep the directories, packages expect them).
	find var/log -type f -delete
	# The host's identity, which debootstrap copied; container runtimes provide these.
	rm -f etc/resolv.conf etc/hostname
	[ ! -e etc/machine-id ] || : >etc/machine-id
)
after=$(du -sm "$ROOT" | cut -f1)
log "trimmed the tree from ${before} MB to ${after} MB"

# ---- package list and tarball ----------------------------------------------
mkdir -p "$OUT_DIR"
# shellcheck disable=SC2016 # dpkg-query format fields, not shell.
dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f '${db:Status-Abbrev} ${Package} ${Version}\n' |
	awk '$1 == "ii" { print $2, $3 }' | LC_ALL=C sort >"$WORK/packages"
[ -s "$WORK/packages" ] || die "no packages found in the $SUITE tree"

log "packing $TAR"
# The runtime mounts /dev, /proc and /sys; their contents do not belong in an image.
tar -C "$ROOT" -cf "$WORK/rootfs.tar" \
	--sort=name --numeric-owner --mtime="@$EPOCH" --clamp-mtime \
	--exclude=./dev/* --exclude=./proc/* --exclude=./sys/* \
	.
(cd "$WORK" && sha256sum rootfs.tar) | sed "s|rootfs.tar|$NAME.tar|" >"$WORK/sum"

{
	printf 'format: %s\nsuite: %s\narchitecture: %s\nbuilt: %s\npackages: %s\nsecurity-upgrade: %s\nsha256: %s\n' \
		"$FORMAT" "$SUITE" "$ARCH" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(wc -l <"$WORK/packages")" \
		"$([ -n "$UPGRADE" ] && [ -n "$SECURITY" ] && echo yes || echo no)" "$(cut -d' ' -f1 "$WORK/sum")"
} >"$WORK/info"
mv -f "$WORK/packages" "$PACKAGES"
mv -f "$WORK/rootfs.tar" "$TAR"
mv -f "$WORK/sum" "$SUM"
mv -f "$WORK/info" "$INFO"
log "$NAME.tar: $(du -h "$TAR" | cut -f1), $(wc -l <"$PACKAGES") packages, sha256 $(cut -d' ' -f1 "$SUM"), $(elapsed "$t0") in all"
printf '%s\n' "$TAR"
