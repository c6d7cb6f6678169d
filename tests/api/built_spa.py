"""Files shaped like the web app's build: index.html, hashed assets, their compressed copies."""

from __future__ import annotations

import gzip
from pathlib import Path

SCRIPT = b"export const beat = 'drum';\n" * 200
SHELL = b"<!doctype html><title>Drumbeat</title>" + b"<!-- padding -->" * 100
# Not real brotli (Python has no encoder here): the test checks that these very bytes are sent.
SCRIPT_BR = b"brotli bytes of the script"
SHELL_BR = b"brotli bytes of the shell"
ASSET = "/assets/index-Abc123.js"


def write_dist(dist: Path) -> None:
    (dist / "assets").mkdir(parents=True)
    for path, plain, br in (
        (dist / "assets" / "index-Abc123.js", SCRIPT, SCRIPT_BR),
        (dist / "index.html", SHELL, SHELL_BR),
    ):
        path.write_bytes(plain)
        path.with_name(path.name + ".br").write_bytes(br)
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(plain))
    # An asset the build left alone (too small to gain): only ever sent as it is.
    (dist / "assets" / "tiny-Def456.css").write_bytes(b"a{}")
