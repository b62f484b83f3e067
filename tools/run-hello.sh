#!/usr/bin/env bash
# Runs the example hello app from the local registry with buildah (no daemon needed) and checks
# that it answers. buildah's chroot isolation shares the host's network, so the app listens on
# 127.0.0.1:PORT directly.
#
#   tools/run-hello.sh [PORT]      (default 8080; Ctrl-C stops it)
set -euo pipefail
# shellcheck source=tools/lib/common.sh
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"

port="${1:-8080}"
registry="${CATALOG_REGISTRY:-$(tools/registry.sh address 2>/dev/null || echo 127.0.0.1:5000)/acme}"
image="$registry/hello:1.0.0"
storage=(--storage-driver "${CATALOG_BUILDAH_STORAGE_DRIVER:-vfs}")
container=$(buildah "${storage[@]}" from --tls-verify=false --quiet "$image")
on_exit "buildah ${storage[*]} rm $container >/dev/null"
log "serving $image on http://127.0.0.1:$port/ (liveness: /healthz, readiness: /readyz)"
exec_app=(buildah "${storage[@]}" run --isolation "${CATALOG_BUILDAH_ISOLATION:-chroot}" "$container" --
	python -m flask run --host 127.0.0.1 --port "$port")
"${exec_app[@]}"
