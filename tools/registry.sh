#!/usr/bin/env bash
# A local OCI registry (CNCF distribution, Debian package docker-registry) on
# 127.0.0.1 for builds, pushes and end-to-end tests. No auth, deletes enabled.
#
#   tools/registry.sh start     start it (no-op when running); prints 127.0.0.1:PORT
#   tools/registry.sh stop      stop it
#   tools/registry.sh status    exit 0 and print the address when running, else exit 1
#   tools/registry.sh address   print the address (does not check anything)
#   tools/registry.sh reset     stop it and delete its stored images
#
# Environment: CATALOG_REGISTRY_PORT (default 5000), CATALOG_CACHE.
# State: $CATALOG_CACHE/registry/PORT/{config.yml,data/},
#        $CATALOG_CACHE/run/registry-PORT.{pid,log}
set -euo pipefail
# shellcheck source=tools/lib/common.sh
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"

usage() {
	sed -n '5,9s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

PORT="${CATALOG_REGISTRY_PORT:-5000}"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "CATALOG_REGISTRY_PORT must be a port number, not '$PORT'"
HOST=127.0.0.1
ADDR="$HOST:$PORT"
DIR="$CATALOG_CACHE/registry/$PORT"
CONFIG="$DIR/config.yml"
PIDFILE="$CATALOG_CACHE/run/registry-$PORT.pid"
LOGFILE="$CATALOG_CACHE/run/registry-$PORT.log"
PATTERN="docker-registry serve $CONFIG"

# The Debian package starts a system-wide registry (htpasswd auth, port 5000)
# on machines that run systemd. It was installed only for this script, so
# turn that service off: it would take the port.
install_registry() {
	need curl
	command -v docker-registry >/dev/null 2>&1 && return 0
	apt_install docker-registry
	if [ -d /run/systemd/system ] && systemctl is-enabled --quiet docker-registry 2>/dev/null; then
		log "disabling the docker-registry system service that the package started (it listens on :5000 with auth)"
		systemctl disable --now docker-registry >&2 || true
	fi
}

write_config() {
	mkdir -p "$DIR/data"
	local tmp="$CONFIG.tmp.$$"
	cat >"$tmp" <<EOF
# Written by tools/registry.sh; rewritten on every start.
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
  maintenance:
    uploadpurging:
      enabled: true
      age: 168h
      interval: 24h
      dryrun: false
http:
  addr: $ADDR
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: false
EOF
	mv -f "$tmp" "$CONFIG"
}

running() { pid_alive "$PIDFILE" "$PATTERN" && http_ok "http://$ADDR/v2/"; }

cmd_start() {
	lock "$CATALOG_CACHE/run/registry-$PORT.lock" 120
	if running; then
		log "already running on $ADDR (pid $(cat "$PIDFILE"))"
		printf '%s\n' "$ADDR"
		return 0
	fi
	if pid_alive "$PIDFILE" "$PATTERN"; then
		# Started but not answering yet: give it a moment.
		wait_ready "$PIDFILE" "$PATTERN" "http://$ADDR/v2/" "$LOGFILE" 10
		printf '%s\n' "$ADDR"
		return 0
	fi
	rm -f "$PIDFILE"
	install_registry
	if port_open "$HOST" "$PORT"; then
		die "port $PORT on $HOST is already in use by another process; stop it or set CATALOG_REGISTRY_PORT"
	fi
	write_config
	local t0
	t0=$(now)
	start_bg "$PIDFILE" "$LOGFILE" docker-registry serve "$CONFIG"
	wait_ready "$PIDFILE" "$PATTERN" "http://$ADDR/v2/" "$LOGFILE" 30
	log "registry on $ADDR (pid $(cat "$PIDFILE"), data $DIR/data, log $LOGFILE) ready in $(elapsed "$t0")"
	printf '%s\n' "$ADDR"
}

cmd_stop() {
	lock "$CATALOG_CACHE/run/registry-$PORT.lock" 120
	stop_bg "$PIDFILE" "$PATTERN" "registry on $ADDR"
}

cmd_status() {
	if running; then
		log "running on $ADDR (pid $(cat "$PIDFILE"))"
		printf '%s\n' "$ADDR"
		return 0
	fi
	log "not running on $ADDR"
	exit 1
}

cmd_reset() {
	cmd_stop
	rm -rf "$DIR/data"
	log "deleted the stored images in $DIR/data"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
address) printf '%s\n' "$ADDR" ;;
reset) cmd_reset ;;
*) usage ;;
esac
