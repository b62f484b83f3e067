#!/usr/bin/env bash
# Simulates a Debian security fix for the example: serves, on 127.0.0.1, a security archive whose
# <suite>-security carries a newer version of a package every Debian image holds (base-files by
# default), so that the real path of a security rebuild runs:
#
#   eval "$(tools/security-fix.sh serve)"    # CATALOG_MIRROR_DEBIAN_SECURITY=http://127.0.0.1:.../debian-security
#                                            # and CATALOG_KEYRING_DEBIAN_SECURITY (its signing key)
#   npx catalog upstream check               # exit 3: debian:13 and everything on it are due
#   npx catalog build --upstream-changed --push
#   tools/security-fix.sh stop; unset CATALOG_MIRROR_DEBIAN_SECURITY CATALOG_KEYRING_DEBIAN_SECURITY
#
# The rebuild bootstraps Debian afresh, then reassembles every image above it; compiled artifacts
# (CPython, the Flask wheels) are reused from the registry, not compiled again. The variable is the
# override of the example's `debianSecurity` mirror, which only the check reads: the images' own apt
# sources keep the real security archive. Its InRelease is signed with a throwaway gpg key made
# here, whose keyring the second variable names: the check verifies every Release it reads.
#
#   tools/security-fix.sh serve [SUITE=trixie] [PACKAGE=base-files]   prints the variables to export
#   tools/security-fix.sh stop
#
# Environment: CATALOG_SECURITY_FIX_PORT (default 8766), CATALOG_CACHE (default ~/.cache/catalog).
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
TOOLS="$(dirname "$(readlink -f "$0")")"

PORT="${CATALOG_SECURITY_FIX_PORT:-8766}"
HOST=127.0.0.1
DIR="$CATALOG_CACHE/security-fix"
PIDFILE="$CATALOG_CACHE/run/security-fix-$PORT.pid"
LOGFILE="$CATALOG_CACHE/run/security-fix-$PORT.log"
PATTERN="serve-static.mjs $DIR $PORT"
URL="http://$HOST:$PORT/debian-security"

usage() {
	sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# write_archive SUITE PACKAGE — a one-package security suite: Release with the index's SHA-256.
write_archive() {
	local suite=$1 package=$2 dists index hash size
	dists="$DIR/debian-security/dists/$suite"
	rm -rf "$DIR"
	mkdir -p "$dists/main/binary-amd64"
	# Epoch 99: newer than any version an image can hold, whatever the archive has today.
	printf 'Package: %s\nVersion: 99:0+security.fix\nArchitecture: all\n\n' "$package" |
		gzip -9n >"$dists/main/binary-amd64/Packages.gz"
	index="main/binary-amd64/Packages.gz"
	hash=$(sha256sum "$dists/$index" | cut -d' ' -f1)
	size=$(stat -c %s "$dists/$index")
	printf 'Suite: %s\nComponents: main\nArchitectures: amd64\nSHA256:\n %s %s %s\n' \
		"$suite" "$hash" "$size" "$index" >"$dists/Release"
	# A throwaway signing key: InRelease clear-signed, its public keyring beside the archive.
	mkdir -m 700 "$DIR/gnupg"
	GNUPGHOME="$DIR/gnupg" gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
		--quick-gen-key "catalog security-fix <security-fix@catalog.invalid>" ed25519 sign never
	GNUPGHOME="$DIR/gnupg" gpg --batch --quiet --export >"$DIR/keyring.gpg"
	GNUPGHOME="$DIR/gnupg" gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
		--clearsign --output "$dists/InRelease" "$dists/Release"
	gpgconf --homedir "$DIR/gnupg" --kill all 2>/dev/null || true
}

cmd_serve() {
	local suite=${1:-trixie} package=${2:-base-files}
	[[ "$suite" =~ ^[a-z]+$ ]] || die "suite \"$suite\" is not a Debian release name (e.g. trixie)"
	[[ "$package" =~ ^[a-z0-9][a-z0-9.+-]+$ ]] || die "\"$package\" is not a Debian package name"
	need node nodejs
	need gpg gnupg
	cmd_stop >/dev/null 2>&1 || true
	write_archive "$suite-security" "$package"
	if port_open "$HOST" "$PORT"; then
		die "port $PORT on $HOST is already in use by another process; stop it or set CATALOG_SECURITY_FIX_PORT"
	fi
	start_bg "$PIDFILE" "$LOGFILE" node "$TOOLS/serve-static.mjs" "$DIR" "$PORT" "$HOST"
	wait_ready "$PIDFILE" "$PATTERN" "$URL/dists/$suite-security/Release" "$LOGFILE" 30
	log "serving $suite-security with $package 99:0+security.fix at $URL"
	printf 'export CATALOG_MIRROR_DEBIAN_SECURITY=%s\n' "$URL"
	printf 'export CATALOG_KEYRING_DEBIAN_SECURITY=%s\n' "$DIR/keyring.gpg"
}

cmd_stop() {
	stop_bg "$PIDFILE" "$PATTERN" "security archive on $URL"
}

case "${1:-}" in
serve) shift; cmd_serve "$@" ;;
stop) cmd_stop ;;
*) usage ;;
esac
