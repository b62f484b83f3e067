#!/usr/bin/env bash
# Installs the Debian packages that building and testing the catalog need, when missing:
# buildah (the builder), debootstrap (the base rootfs), docker-registry (a local registry),
# apache2-utils (htpasswd, for the registry auth tests), chromium (the headless browser test of
# the site `catalog docs` generates), xz-utils (Debian's security indexes are Packages.xz) and
# skopeo (a second tool's OCI layouts in the registry client's tests), gpgv, gnupg and
# debian-archive-keyring (Release files are checked against the archive keyring; the tests sign
# their served archives with a throwaway gpg key), busybox-static (the shell of the tiny S2I
# builder image of `catalog app build`'s end-to-end test), qemu-user-static and binfmt-support (run
# other architectures' programs: multi-platform builds, their smoke tests and
# tools/base-rootfs.sh --arch) and cosign (signs published images and
# their SBOM and provenance attestations; `catalog verify`). On bookworm, cosign comes from trixie
# (its apt lists are added pinned at priority 100, as tools/offline-mirror.sh does). Where apt has
# no cosign (Ubuntu 24.04 runners), the workflows install it first (sigstore/cosign-installer) and
# it is kept.
#
#   tools/install-deps.sh
set -euo pipefail
# shellcheck source=tools/lib/common.sh
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"

missing=()
for package in buildah debootstrap docker-registry apache2-utils chromium xz-utils skopeo gpgv gnupg debian-archive-keyring busybox-static qemu-user-static binfmt-support; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ! command -v cosign >/dev/null 2>&1; then
	missing+=(cosign)
	# bookworm has no cosign; trixie does. Add trixie's lists, pinned low (the host stays on its
	# release), the same apt sources tools/offline-mirror.sh adds.
	if ! apt-cache policy cosign 2>/dev/null | grep -q 'Candidate: [0-9]'; then
		is_root || die "cosign is missing and apt has no package of it (Debian 12 has none; Debian 13 does): run this script once as root (it adds trixie's apt lists, pinned low), or install cosign yourself"
		# shellcheck source=tools/lib/debian-packages.sh
		. "$(dirname "$(readlink -f "$0")")/lib/debian-packages.sh"
		ensure_apt_sources
	fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
	apt_install "${missing[@]}"
fi
# binfmt-support registers the emulators with the kernel's binfmt_misc, which must be mounted.
if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
	mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
	update-binfmts --enable 2>/dev/null || true
fi
log "ready: buildah $(buildah --version | awk '{print $3}'), debootstrap, docker-registry, htpasswd, chromium, xz, skopeo, gpgv, gpg, the Debian archive keyring, busybox, qemu-user-static, $(cosign version 2>/dev/null | awk '/^GitVersion/ {print "cosign " $2}')"
