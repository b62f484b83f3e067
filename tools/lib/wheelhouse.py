#!/usr/bin/env python3
"""Pure-Python wheels from Debian binary packages, and pip indexes for them.

    wheelhouse.py wheel TREE OUTDIR
        TREE is a `dpkg-deb -x` extraction of a python3-* package. Writes
        OUTDIR/<name>-<version>-py3-none-any.whl and prints its path.
    wheelhouse.py index MIRROR
        Writes a PEP 503 simple index for MIRROR/wheels/*.whl under
        MIRROR/simple/ and a link page MIRROR/wheels/index.html (for
        `pip --find-links`).

Standard library only. Output is deterministic: sorted entries, fixed times
(SOURCE_DATE_EPOCH, or 1980-01-01).
"""

import base64
import email.parser
import hashlib
import html
import os
import re
import sys
import time
import zipfile

DIST_PACKAGES = "usr/lib/python3/dist-packages"
# Metadata files a wheel must not carry over from an installed copy.
SKIP_METADATA = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json", "WHEEL"}
# Egg-info files that have no place in a .dist-info directory.
SKIP_EGG_INFO = {"PKG-INFO", "SOURCES.txt", "requires.txt", "dependency_links.txt", "not-zip-safe"}


def log(msg):
    print(f"wheelhouse: {msg}", file=sys.stderr)


def fail(msg):
    log(f"error: {msg}")
    sys.exit(1)


def normalize(name):
    """PEP 503 project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_name_part(name):
    """Distribution name as it appears in wheel and .dist-info names."""
    return re.sub(r"[-_.]+", "_", name).lower()


def zip_time():
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    return max(time.gmtime(epoch)[:6], (1980, 1, 1, 0, 0, 0))


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def read_metadata(path):
    with open(path, encoding="utf-8") as f:
        return email.parser.Parser().parse(f, headersonly=False)


def requires_txt_to_requires_dist(text):
    """setuptools' requires.txt sections -> Requires-Dist values."""
    out, extras, section = [], [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            extra = section.split(":", 1)[0]
            if extra and extra not in extras:
                extras.append(extra)
            continue
        extra, _, marker = section.partition(":")
        conditions = []
        if marker:
            conditions.append(f"({marker})" if extra else marker)
        if extra:
            conditions.append(f'extra == "{extra}"')
        out.append(line + ("; " + " and ".join(conditions) if conditions else ""))
    return out, extras


def build_wheel(tree, outdir):
    site = os.path.join(tree, DIST_PACKAGES)
    if not os.path.isdir(site):
        fail(f"{site} not found: not a Python 3 Debian package")
    meta_dirs = sorted(
        e for e in os.listdir(site) if e.endswith(".dist-info") or e.endswith(".egg-info")
    )
    if len(meta_dirs) != 1:
        fail(f"expected one .dist-info or .egg-info in {site}, found {meta_dirs or 'none'}")
    meta_dir = os.path.join(site, meta_dirs[0])
    egg = meta_dirs[0].endswith(".egg-info")
    if not os.path.isdir(meta_dir):
        fail(f"{meta_dir} is not a directory")

    metadata_path = os.path.join(meta_dir, "PKG-INFO" if egg else "METADATA")
    if not os.path.isfile(metadata_path):
        fail(f"{metadata_path} not found")
    with open(metadata_path, encoding="utf-8") as f:
        metadata_text = f.read()
    msg = email.parser.Parser().parsestr(metadata_text, headersonly=True)
    name, version = msg.get("Name"), msg.get("Version")
    if not name or not version:
        fail(f"{metadata_path} has no Name or Version")

    if egg:
        # PKG-INFO of an egg does not list the requirements: add them.
        req_path = os.path.join(meta_dir, "requires.txt")
        if os.path.isfile(req_path) and not msg.get_all("Requires-Dist"):
            with open(req_path, encoding="utf-8") as f:
                reqs, extras = requires_txt_to_requires_dist(f.read())
            head, sep, body = metadata_text.partition("\n\n")
            extra_lines = [f"Requires-Dist: {r}" for r in reqs]
            extra_lines += [f"Provides-Extra: {e}" for e in extras if e not in (msg.get_all("Provides-Extra") or [])]
            if extra_lines:
                metadata_text = head.rstrip("\n") + "\n" + "\n".join(extra_lines) + "\n" + sep + body

    dist = wheel_name_part(name)
    dist_info = f"{dist}-{version}.dist-info"
    files = {}  # archive path -> (bytes, executable)
    dropped = []

    def add_file(arcname, path):
        real = os.path.realpath(path)
        if os.path.islink(path) and not real.startswith(os.path.realpath(tree) + os.sep):
            fail(f"{path} links outside the package ({os.readlink(path)})")
        if not os.path.isfile(real):
            fail(f"{path} is a dangling link")
        with open(real, "rb") as f:
            files[arcname] = (f.read(), os.access(real, os.X_OK))

    for root, dirs, names in os.walk(site):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        rel_root = os.path.relpath(root, site)
        top = rel_root.split(os.sep)[0]
        if top == meta_dirs[0]:
            continue
        for n in sorted(names):
            rel = os.path.normpath(os.path.join(rel_root, n)).replace(os.sep, "/")
            if n.endswith((".pyc", ".pyo")):
                continue
            if n.endswith(".so") or ".so." in n:
                dropped.append(rel)
                continue
            add_file(rel, os.path.join(root, n))

    for root, dirs, names in os.walk(meta_dir):
        dirs.sort()
        for n in sorted(names):
            rel = os.path.relpath(os.path.join(root, n), meta_dir).replace(os.sep, "/")
            if rel in SKIP_METADATA or rel in ("METADATA",) or (egg and rel in SKIP_EGG_INFO):
                continue
            add_file(f"{dist_info}/{rel}", os.path.join(root, n))

    # Debian's copyright file names the authors and licences: keep it with the
    # package (licence files live in .dist-info/licenses/, PEP 639).
    doc = os.path.join(tree, "usr/share/doc")
    for pkg in sorted(os.listdir(doc)) if os.path.isdir(doc) else []:
        copyright_file = os.path.join(doc, pkg, "copyright")
        if os.path.isfile(copyright_file):
            add_file(f"{dist_info}/licenses/debian-copyright", copyright_file)
            break

    if not any(not a.startswith(dist_info + "/") for a in files):
        fail(f"no Python files found in {site}")

    files[f"{dist_info}/METADATA"] = (metadata_text.encode("utf-8"), False)
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\n"
        b"Generator: catalog-wheelhouse (from a Debian package)\n"
        b"Root-Is-Purelib: true\n"
        b"Tag: py3-none-any\n",
        False,
    )

    # Package files first, .dist-info last, RECORD at the very end.
    order = sorted(files, key=lambda a: (a.startswith(dist_info + "/"), a))
    record_name = f"{dist_info}/RECORD"
    record_lines = [f"{a},{record_hash(files[a][0])},{len(files[a][0])}" for a in order]
    record_lines.append(f"{record_name},,")
    files[record_name] = (("\n".join(record_lines) + "\n").encode("utf-8"), False)
    order.append(record_name)

    os.makedirs(outdir, exist_ok=True)
    wheel_file = os.path.join(outdir, f"{dist}-{version}-py3-none-any.whl")
    tmp = wheel_file + ".tmp"
    stamp = zip_time()
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for arcname in order:
            data, executable = files[arcname]
            info = zipfile.ZipInfo(arcname, date_time=stamp)
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    os.replace(tmp, wheel_file)
    if dropped:
        log(f"{name} {version}: left out compiled modules {', '.join(dropped)}")
    print(wheel_file)


def wheel_metadata(path):
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        if len(names) != 1:
            fail(f"{path}: expected one .dist-info/METADATA")
        return email.parser.Parser().parsestr(zf.read(names[0]).decode("utf-8"), headersonly=True)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def page(title, links):
    body = "\n".join(links)
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="pypi:repository-version" content="1.0">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n<h1>{html.escape(title)}</h1>\n"
        f"{body}\n</body>\n</html>\n"
    )


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def build_index(mirror):
    wheels_dir = os.path.join(mirror, "wheels")
    wheels = sorted(f for f in os.listdir(wheels_dir) if f.endswith(".whl"))
    if not wheels:
        fail(f"no wheels in {wheels_dir}")
    projects = {}
    for w in wheels:
        meta = wheel_metadata(os.path.join(wheels_dir, w))
        project = normalize(meta["Name"])
        anchor = html.escape(w, quote=True) + "#sha256=" + sha256_file(os.path.join(wheels_dir, w))
        rp = meta.get("Requires-Python")
        rp_attr = f' data-requires-python="{html.escape(rp, quote=True)}"' if rp else ""
        projects.setdefault(project, []).append((w, anchor, rp_attr))

    write(
        os.path.join(wheels_dir, "index.html"),
        page("Wheels", [f'<a href="{a}"{rp}>{html.escape(w)}</a><br>' for w, a, rp in projects_flat(projects)]),
    )
    simple = os.path.join(mirror, "simple")
    write(
        os.path.join(simple, "index.html"),
        page("Simple index", [f'<a href="{p}/">{p}</a><br>' for p in sorted(projects)]),
    )
    for project, entries in sorted(projects.items()):
        write(
            os.path.join(simple, project, "index.html"),
            page(
                f"Links for {project}",
                [f'<a href="../../wheels/{a}"{rp}>{html.escape(w)}</a><br>' for w, a, rp in entries],
            ),
        )
    log(f"indexed {len(wheels)} wheels of {len(projects)} projects")


def projects_flat(projects):
    return sorted((e for entries in projects.values() for e in entries), key=lambda e: e[0])


def main(argv):
    if len(argv) == 3 and argv[0] == "wheel":
        build_wheel(argv[1], argv[2])
    elif len(argv) == 2 and argv[0] == "index":
        build_index(argv[1])
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
