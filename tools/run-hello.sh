#!/usr/bin/env bash
# Runs the example hello app from the local registry with buildah (no daemon needed): the image's own
# command (gunicorn), bound to 127.0.0.1:PORT (buildah's chroot isolation shares the host's network).
# Once it answers, prints the answer's status and Server header (gunicorn), then keeps serving.
#
#   tools/run-hello.sh [PORT]      (default 8080; Ctrl-C stops it)
#
# WEB_CONCURRENCY (workers, the image's default 2) and GUNICORN_CMD_ARGS (more gunicorn flags) pass
# through to the app.
set -euo pipefail
# shellcheck source=tools/lib/common.sh
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"

port="${1:-8080}"
[[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a port number, not '$port'"
registry="${CATALOG_REGISTRY:-$(tools/registry.sh address 2>/dev/null || echo 127.0.0.1:5000)/acme}"
image="$registry/hello:1.0.0"
storage=(--storage-driver "${CATALOG_BUILDAH_STORAGE_DRIVER:-vfs}")
url="http://127.0.0.1:$port/"
need curl
container=$(buildah "${storage[@]}" from --tls-verify=false --quiet "$image")
on_exit "buildah ${storage[*]} rm $container >/dev/null"
mapfile -t command < <(buildah "${storage[@]}" inspect --type container \
	--format '{{range .OCIv1.Config.Cmd}}{{println .}}{{end}}' "$container")
((${#command[@]})) || die "$image has no CMD"
env=(--env "PORT=$port" --env "GUNICORN_CMD_ARGS=--bind 127.0.0.1:$port ${GUNICORN_CMD_ARGS:-}")
[ -z "${WEB_CONCURRENCY:-}" ] || env+=(--env "WEB_CONCURRENCY=$WEB_CONCURRENCY")
log "serving $image on $url (liveness: /healthz, readiness: /readyz): ${command[*]}"
buildah "${storage[@]}" run --isolation "${CATALOG_BUILDAH_ISOLATION:-chroot}" "${env[@]}" "$container" -- \
	"${command[@]}" &
server=$!
on_exit "kill $server 2>/dev/null; wait $server 2>/dev/null"

# The answer's status line and Server header, once it answers (30 s at most).
for _ in $(seq 60); do
	kill -0 "$server" 2>/dev/null || die "the app exited before answering on $url"
	if headers=$(curl -fsS --max-time 2 -D - -o /dev/null "$url" 2>/dev/null); then
		status=$(sed -n '1s/\r$//p' <<<"$headers")
		server_header=$(sed -n 's/^[Ss]erver: *//p' <<<"$headers" | tr -d '\r')
		log "$url answers: $status, Server: ${server_header:-(none)}"
		[[ "$server_header" == gunicorn* ]] || log "warning: expected gunicorn's Server header"
		break
	fi
	sleep 0.5
done
[ -n "${status:-}" ] || die "$url did not answer within 30 s"
wait "$server"
