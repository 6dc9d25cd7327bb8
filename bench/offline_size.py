"""Bytes of the offline app (issue 14 items 1-2): the service worker and the outbox script
against their budget (≤ 10 KB compressed together), and the shell the worker caches when it
installs.

Reads the source files; the worker's placeholders are filled with names as long as the
deployment's hashed ones (``core/site.3f2a9c81d0b4.css``). Sizes are gzip -9 (Django's
GZipMiddleware and WhiteNoise's .gz) and, when the ``brotli`` module is installed, brotli
(WhiteNoise's .br).

Usage: .venv/bin/python bench/offline_size.py
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "seafarers_home"
BUDGET = 10 * 1024
WORKER = ROOT / "offline" / "service_worker.js"
OUTBOX = ROOT / "offline" / "static" / "offline" / "outbox.js"
SHELL = [
    ROOT / "core" / "static" / "core" / "site.css",
    OUTBOX,
    ROOT / "screening" / "static" / "screening" / "breathe.js",
    ROOT / "offline" / "static" / "offline" / "icon.svg",
    ROOT / "offline" / "static" / "offline" / "icon-192.png",
]


def hashed(name: str) -> str:
    stem, _, ext = name.rpartition(".")
    return f"/static/{stem}.0123456789ab.{ext}"


def worker_text() -> str:
    names = ["core/site.css", "offline/outbox.js", "screening/breathe.js", "offline/icon.svg"]
    return (
        WORKER.read_text(encoding="utf-8")
        .replace("__SHELL__", json.dumps([hashed(n) for n in names] + [hashed("x/icon-192.png")]))
        .replace("__OUTBOX_JS__", json.dumps(hashed("offline/outbox.js")))
        .replace("__FALLBACK__", '"/offline/"')
        .replace("__OUTBOX_PAGE__", '"/offline/outbox/"')
        .replace("__VERSION__", "0123456789ab")
    )


def sizes(data: bytes) -> tuple[int, int, int | None]:
    try:
        import brotli  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - optional
        br = None
    else:
        br = len(brotli.compress(data, quality=11))
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0)), br


def main() -> None:
    rows = [("sw.js (filled in)", worker_text().encode()), ("outbox.js", OUTBOX.read_bytes())]
    total_gz = total_br = 0
    print(f"{'file':<22}{'bytes':>8}{'gzip':>8}{'brotli':>8}")
    for name, data in rows:
        raw, gz, br = sizes(data)
        total_gz += gz
        total_br += br or 0
        print(f"{name:<22}{raw:>8}{gz:>8}{br if br is not None else '-':>8}")
    print(f"worker + outbox, gzip: {total_gz} bytes of {BUDGET} ({total_gz / BUDGET:.0%})")
    if total_br:
        print(f"worker + outbox, brotli: {total_br} bytes of {BUDGET} ({total_br / BUDGET:.0%})")
    shell_raw = shell_gz = 0
    for path in SHELL:
        raw, gz, _br = sizes(path.read_bytes())
        shell_raw += raw
        # Images are not compressed again (WhiteNoise skips them).
        shell_gz += raw if path.suffix == ".png" else gz
    print(f"shell cache at install: {len(SHELL)} files + the offline page,")
    print(f"  {shell_raw} bytes stored, {shell_gz} bytes on the wire")


if __name__ == "__main__":
    main()
