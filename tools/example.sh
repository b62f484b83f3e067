#!/usr/bin/env bash
# The main job on the example catalog: builds the whole chain (Debian → pyenv → Python 3.11 and
# 3.13 → Flask → hello) with buildah into a local registry, then prints the tags and how to run
# the hello app. Most of its time is compiling CPython with PGO and LTO (about 34 minutes for both
# versions on 2 idle cores; later runs reuse the compiled artifacts from the registry).
#
#   tools/example.sh            (npm run example)
#
# Without the public Python sources (python.org, PyPI) it serves an offline mirror made from
# Debian's packages (tools/offline-mirror.sh); CATALOG_OFFLINE=1 forces that, =0 forbids it. The
# mirror's settings go to .catalog/local.env, which every catalog command reads.
set -euo pipefail
# shellcheck source=tools/lib/common.sh
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
cd "$(dirname "$(readlink -f "$0")")/.."

tools/install-deps.sh
registry="$(tools/registry.sh start)/acme"

offline="${CATALOG_OFFLINE:-}"
LOCAL_SETTINGS_MARK="# written by tools/example.sh: the offline mirror (tools/offline-mirror.sh serve)"
if [ -z "$offline" ]; then
	offline=0
	curl -fsS --max-time 10 -o /dev/null https://pypi.org/simple/flask/ 2>/dev/null || offline=1
fi
if [ "$offline" = 1 ]; then
	log "the public Python sources are not reachable: serving the offline mirror made from Debian's packages"
	tools/offline-mirror.sh serve >/dev/null
	eval "$(tools/offline-mirror.sh env)"
	# Every catalog command reads .catalog/local.env (git-ignored; the environment wins), so a later
	# `npx catalog build --push` uses the same mirrors.
	mkdir -p .catalog
	{
		echo "$LOCAL_SETTINGS_MARK"
		tools/offline-mirror.sh env
	} >.catalog/local.env
elif [ -f .catalog/local.env ] && [ "$(head -n1 .catalog/local.env)" = "$LOCAL_SETTINGS_MARK" ]; then
	rm .catalog/local.env # the mirrors of an earlier offline run: not needed now
fi

log "building the example catalog into $registry (compiling CPython takes most of the time)"
npx catalog build --push --registry "$registry"
echo
npx catalog tags --registry "$registry"
cat <<MSG

The hello app is ${registry}/hello:1.0.0. Run it with
  tools/run-hello.sh              # buildah, no daemon: serves http://127.0.0.1:8080/
or, where a container engine runs,
  podman run --rm -p 5000:5000 ${registry}/hello:1.0.0

Every image is signed (the key and its public half are printed above) with its SBOM and provenance
attached. Check one as a consumer would:
  npx catalog verify ${registry}/hello:1.0.0
MSG
