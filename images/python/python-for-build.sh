# shellcheck shell=bash
# A python-build step for cross-compiling (Dockerfile.hbs). configure --with-build-python needs a
# CPython of the same X.Y that runs on the build machine, at $PYTHON_FOR_BUILD_DIR/python:
# - the build machine's own artifact of this version, when the build mounts one at
#   $BUILD_MACHINE_PYTHON (catalog passes it as BUILD_ARTIFACT_IMAGE when the run built it for the
#   build machine first, or the registry stores it): nothing to compile;
# - otherwise one compiled here, out of tree, for compile speed: it only runs the build's scripts,
#   so -O1 without debug info, test modules or pip.
# Nothing happens unless PYTHON_FOR_BUILD_DIR is set (a native build).
build_package_python_for_build() {
  [ -n "${PYTHON_FOR_BUILD_DIR:-}" ] || return 0
  mkdir -p "$PYTHON_FOR_BUILD_DIR" || return 1
  if [ -n "${BUILD_MACHINE_PYTHON:-}" ] && [ -x "$BUILD_MACHINE_PYTHON/bin/python3" ]; then
    echo "Using the build machine's CPython from its artifact (not compiling one)..." >&2
    cp -a "$BUILD_MACHINE_PYTHON" "$PYTHON_FOR_BUILD_DIR/prefix" || return 1
    # A shared build's run path names the prefix the cross build installs the target's libpython
    # into: its own libpython comes first.
    printf '#!/bin/sh\nLD_LIBRARY_PATH="%s/prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "%s/prefix/bin/python3" "$@"\n' \
      "$PYTHON_FOR_BUILD_DIR" "$PYTHON_FOR_BUILD_DIR" > "$PYTHON_FOR_BUILD_DIR/python" \
      && chmod +x "$PYTHON_FOR_BUILD_DIR/python" \
      && "$PYTHON_FOR_BUILD_DIR/python" -c 'import sys; print("Build machine CPython", sys.version.split()[0])' >&2
    return
  fi
  local source="$PWD"
  echo "Building CPython for the build machine (cross-compiling needs it)..." >&2
  { cd "$PYTHON_FOR_BUILD_DIR" && OPT="-fwrapv -O1" "$source/configure" --disable-test-modules --without-ensurepip \
    && make $MAKE_OPTS; } >&4 2>&1 || return 1
  cd "$source"
}
