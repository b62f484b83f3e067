#!/usr/bin/env bash
# The catalog tool as a tarball for its image (the `catalog` node of catalog.yaml): the bundled
# CLI that `npm ci` / `npm run build` made (tools/bundle-cli.mjs: bin/ and dist/bundle/, no
# node_modules needed) under catalog/.
#
#   tools/catalog-cli-tarball.sh
#
# Prints the tarball's path: $CATALOG_CACHE/catalog-cli/catalog-cli.tar (file times from
# SOURCE_DATE_EPOCH, default 0, so the same sources give the same tarball).
set -euo pipefail
# shellcheck source=tools/lib/common.sh
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"

REPO="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
OUT="$CATALOG_CACHE/catalog-cli"
mkdir -p "$OUT"
[ -f "$REPO/packages/cli/dist/bundle/main.cjs" ] || die "no bundled CLI: run npm run build first"
STAGE="$(mktemp -d "$OUT/stage.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/catalog/bin" "$STAGE/catalog/dist"
cp "$REPO"/packages/cli/bin/*.js "$STAGE/catalog/bin/"
cp -r "$REPO/packages/cli/dist/bundle" "$STAGE/catalog/dist/bundle"
printf '{ "type": "module" }\n' >"$STAGE/catalog/package.json"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH:-0}" \
	-C "$STAGE" -cf "$OUT/catalog-cli.tar.tmp" catalog
mv "$OUT/catalog-cli.tar.tmp" "$OUT/catalog-cli.tar"
echo "$OUT/catalog-cli.tar"
