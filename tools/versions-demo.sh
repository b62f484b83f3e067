#!/usr/bin/env bash
# Serves, on 127.0.0.1, the small recorded upstream indexes the tests of `catalog upstream versions`
# use (packages/cli/test/fixtures/versions: python.org's release index announcing 3.13.6, 3.14.0rc1
# and 3.12.12, PyPI's Flask page with 3.1.2 and 3.2.0, Debian trixie's Sources with pyenv 2.5.5-1,
# its InRelease signed here with a throwaway gpg key), and prints the variables that point the
# example catalog's sources at them:
#
#   eval "$(tools/versions-demo.sh serve)"
#   npx catalog upstream versions              # exit 3: python 3.13.6, flask 3.1.2, pyenv 2.5.5
#   npx catalog upstream versions --write && git diff catalog.yaml
#   tools/versions-demo.sh stop; git checkout catalog.yaml
#
# Environment: CATALOG_VERSIONS_DEMO_PORT (default 8767), CATALOG_CACHE (default ~/.cache/catalog).
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
TOOLS="$(dirname "$(readlink -f "$0")")"
FIXTURES="$TOOLS/../packages/cli/test/fixtures/versions"

PORT="${CATALOG_VERSIONS_DEMO_PORT:-8767}"
HOST=127.0.0.1
DIR="$CATALOG_CACHE/versions-demo"
PIDFILE="$CATALOG_CACHE/run/versions-demo-$PORT.pid"
LOGFILE="$CATALOG_CACHE/run/versions-demo-$PORT.log"
PATTERN="serve-routes.mjs $DIR $PORT"
URL="http://$HOST:$PORT"

usage() {
	sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# The served tree: the fixtures, a Release listing Sources.gz, its signed InRelease, the routes.
write_tree() {
	local gpg=(gpg --batch --quiet --pinentry-mode loopback --passphrase '')
	rm -rf "$DIR"
	mkdir -p "$DIR"
	mkdir -m 700 "$DIR/gnupg"
	cp "$FIXTURES"/*.json "$DIR/"
	gzip -9n <"$FIXTURES/debian-Sources" >"$DIR/Sources.gz"
	printf 'Origin: Debian\nCodename: trixie\nSHA256:\n %s %s main/source/Sources.gz\n' \
		"$(sha256sum "$DIR/Sources.gz" | cut -d' ' -f1)" "$(stat -c %s "$DIR/Sources.gz")" >"$DIR/Release"
	GNUPGHOME="$DIR/gnupg" "${gpg[@]}" --quick-gen-key "catalog versions demo <demo@catalog.invalid>" ed25519 sign never
	GNUPGHOME="$DIR/gnupg" "${gpg[@]}" --export >"$DIR/keyring.gpg"
	GNUPGHOME="$DIR/gnupg" "${gpg[@]}" --clearsign --output "$DIR/InRelease" "$DIR/Release"
	gpgconf --homedir "$DIR/gnupg" --kill all 2>/dev/null || true
	cat >"$DIR/routes.json" <<-JSON
		{
		  "/python/api/v2/downloads/release/?is_published=true": "python-releases.json",
		  "/python/api/v2/downloads/release_file/?release=1050": "python-files-1050.json",
		  "/pypi/flask/": "pypi-flask.json",
		  "/debian/dists/trixie/InRelease": "InRelease",
		  "/debian/dists/trixie/main/source/Sources.gz": "Sources.gz"
		}
	JSON
}

cmd_serve() {
	need node nodejs
	need gpg gnupg
	cmd_stop >/dev/null 2>&1 || true
	write_tree
	if port_open "$HOST" "$PORT"; then
		die "port $PORT on $HOST is already in use by another process; stop it or set CATALOG_VERSIONS_DEMO_PORT"
	fi
	start_bg "$PIDFILE" "$LOGFILE" node "$TOOLS/serve-routes.mjs" "$DIR" "$PORT" "$HOST"
	wait_ready "$PIDFILE" "$PATTERN" "$URL/pypi/flask/" "$LOGFILE" 30
	log "serving the recorded indexes at $URL"
	printf 'export CATALOG_MIRROR_PYTHON_ORG=%s\n' "$URL/python"
	printf 'export CATALOG_MIRROR_PYPI=%s\n' "$URL/pypi"
	printf 'export CATALOG_DEBIAN_MIRROR=%s\n' "$URL/debian"
	printf 'export CATALOG_DEBIAN_KEYRING=%s\n' "$DIR/keyring.gpg"
}

cmd_stop() {
	stop_bg "$PIDFILE" "$PATTERN" "recorded indexes on $URL"
}

case "${1:-}" in
serve) shift; cmd_serve "$@" ;;
stop) cmd_stop ;;
*) usage ;;
esac
