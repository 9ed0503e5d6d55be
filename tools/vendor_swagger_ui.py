"""Vendor the pinned `swagger-ui-dist` npm package into src/hug/_openapi/swagger_ui/.

The docs page served by `api.http.add_openapi()` works offline, so its assets ship inside hug.
This script fetches the pinned tarball with `npm pack`, refuses it unless its sha512 matches the
registry's `dist.integrity` recorded below, and copies only what the page loads plus the licence
files. hug's own `index.html`, `index.css` and `swagger-initializer.js` in that directory are
never touched.

    python tools/vendor_swagger_ui.py                  # fetch with npm, verify, copy
    python tools/vendor_swagger_ui.py --tarball X.tgz  # verify and copy a tarball already here

To upgrade: set VERSION, then INTEGRITY to `npm view swagger-ui-dist@VERSION dist.integrity`,
run the script, and run tests/test_openapi_serving.py and tests/browser/test_browser_openapi.py.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "swagger-ui-dist"
VERSION = "5.35.0"
INTEGRITY = (
    "sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/"
    "EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ=="
)
"""The registry's `dist.integrity` of PACKAGE@VERSION (`npm view swagger-ui-dist@5.35.0 dist`)."""

FILES = (
    "swagger-ui-bundle.js",
    "swagger-ui.css",
    "favicon-32x32.png",
    "favicon-16x16.png",
    "LICENSE",
    "NOTICE",
    "swagger-ui-bundle.js.LICENSE.txt",
)
"""What the page needs, and the licences of the package and of the code bundled into it."""

OPTIONAL = frozenset({"NOTICE"})
"""Files copied when the package has them."""

MAX_FILE_BYTES = 8 * 1024 * 1024
"""A bound on any one copied file: the bundle is about 1.7 MB."""

DEST = Path(__file__).resolve().parent.parent / "src" / "hug" / "_openapi" / "swagger_ui"
NPM_TIMEOUT_SECONDS = 300


def integrity_of(tarball: Path) -> str:
    """Return the Subresource-Integrity style sha512 of a file, as npm records it."""
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def npm_pack(directory: Path) -> Path:
    """Download PACKAGE@VERSION's tarball into `directory` with npm; return its path."""
    result = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--json", "--pack-destination", str(directory)],
        capture_output=True,
        text=True,
        check=False,
        timeout=NPM_TIMEOUT_SECONDS,
    )
    if result.returncode != 0:
        raise SystemExit(f"npm pack {PACKAGE}@{VERSION} failed:\n{result.stderr.strip()}")
    (packed,) = json.loads(result.stdout)
    return directory / packed["filename"]


def extract(tarball: Path, dest: Path) -> list[str]:
    """Copy FILES from the tarball's `package/` folder into `dest`; return the names written."""
    written: list[str] = []
    with tarfile.open(tarball, "r:gz") as archive:
        for name in FILES:
            try:
                member = archive.getmember(f"package/{name}")
            except KeyError:
                if name in OPTIONAL:
                    continue
                raise SystemExit(f"{PACKAGE}@{VERSION} has no {name}; update FILES") from None
            if not member.isfile() or member.size > MAX_FILE_BYTES:
                raise SystemExit(f"package/{name} is not a regular file under {MAX_FILE_BYTES}B")
            source = archive.extractfile(member)
            assert source is not None  # a regular file always has contents
            (dest / name).write_bytes(source.read())
            written.append(name)
    (dest / "VERSION").write_text(f"{VERSION}\n", encoding="ascii")
    return [*written, "VERSION"]


def main(argv: list[str] | None = None) -> int:
    """Fetch (or take), verify and copy the pinned Swagger UI assets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="a local swagger-ui-dist tarball to use")
    parser.add_argument("--dest", type=Path, default=DEST, help="where to copy the assets")
    arguments = parser.parse_args(argv)
    arguments.dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        tarball = arguments.tarball or npm_pack(Path(scratch))
        found = integrity_of(tarball)
        if found != INTEGRITY:
            print(
                f"{tarball} is not {PACKAGE}@{VERSION}: its integrity is {found}, "
                f"the registry recorded {INTEGRITY}",
                file=sys.stderr,
            )
            return 1
        written = extract(tarball, arguments.dest)
    print(f"{PACKAGE}@{VERSION} (integrity verified) -> {arguments.dest}: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
