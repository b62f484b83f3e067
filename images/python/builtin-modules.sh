# shellcheck shell=bash
# A python-build step, sourced by the definition the Dockerfile generates and run in CPython's
# source folder before configure: it links the standard library's hot C extension modules into the
# interpreter instead of building them as shared objects, as Debian builds its python3.X (its
# Setup.local lists the same modules). Built in, they are compiled with the core's flags and take
# part in its profile-guided and link-time optimization, and their calls into the interpreter need
# no PLT indirection. Measured with tools/bench/python-speed.py (README "Python builds").
#
# Each module's line is Modules/Setup's own commented-out line for it; Setup.local's rules win
# over Setup.stdlib's. Only modules that need nothing beyond libc, libm and zlib are listed: a
# module whose library is missing stays a shared object in a build from Setup.stdlib otherwise.
PYTHON_BUILTIN_MODULES="_bisect _csv _datetime _heapq _json _pickle _random _struct array binascii
  cmath math select fcntl _posixsubprocess _socket unicodedata zlib"

build_package_builtin_modules() {
	local module line
	: >Modules/Setup.local
	for module in $PYTHON_BUILTIN_MODULES; do
		line=$(sed -n "s/^#\(${module}[[:space:]]\)/\1/p" Modules/Setup)
		if [ -z "$line" ]; then
			echo "builtin-modules.sh: Modules/Setup has no line for $module" >&2
			return 1
		fi
		printf '%s\n' "$line" >>Modules/Setup.local
	done
}
