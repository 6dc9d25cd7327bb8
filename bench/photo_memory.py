"""Peak memory of decoding the photos of one question (issue 18 item 6), before and after.

    .venv/bin/python bench/photo_memory.py [--before-rev 012cdb9] [--requests 3]

The attack: three 7000 × 7000 PNGs of ~160-200 KB each in one question. Each case runs in a
fresh child process (so one case's peak does not hide another's) that imports a version of
``inquiries/photos.py`` and re-encodes the three files, once one after the other (one request)
and once from ``--requests`` threads at the same time (that many requests at once in one server
process). The child reports its peak resident set size (VmHWM of /proc/self/status, Linux) and
the baseline before decoding; the difference is what decoding cost.

"before" is ``photos.py`` as of ``--before-rev`` (taken with ``git show``), "after" is the
working tree. A phone JPEG (24 MP) is measured as well: it must still be accepted, cheaply;
and three of the largest PNG still accepted (5000 × 4000), where the semaphore bounds the peak.
Figures, not a test: the script always exits 0 once it has measured.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = "src/seafarers_home/inquiries/photos.py"

CHILD = r"""
import importlib.util, json, resource, sys, threading
sys.path.insert(0, {src!r})
from django.conf import settings
# Only what photos.py reads; the whole project is not needed to decode a picture.
settings.configure(USE_I18N=False, PHOTO_DECODE_CONCURRENCY={concurrency},
                   PHOTO_DECODE_WAIT_SECONDS=600.0)
spec = importlib.util.spec_from_file_location("photos_under_test", {module!r})
photos = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = photos
spec.loader.exec_module(photos)
files = [open(path, "rb").read() for path in {files!r}]
def rss_mb():
    # VmHWM (peak RSS of this process image); ru_maxrss would carry the parent's peak across
    # exec on Linux, and the parent built 7000 x 7000 pictures.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
baseline = rss_mb()
outcomes = []
def one_request():
    for data in files:
        try:
            photo = photos.reencode_photo(data)
            outcomes.append("accepted %dx%d" % (photo.width, photo.height))
        except photos.PhotoError as exc:
            outcomes.append("refused: " + exc.message)
threads = [threading.Thread(target=one_request) for _ in range({requests})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
figures = {{"baseline_mb": baseline, "peak_mb": rss_mb(), "outcomes": sorted(set(outcomes))}}
print(json.dumps(figures))
"""


def _attack_files(directory: Path) -> tuple[list[str], list[str]]:
    from PIL import Image, ImageDraw

    def picture(size: tuple[int, int]) -> Image.Image:
        image = Image.linear_gradient("L").resize(size).convert("RGB")
        box = (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2)
        ImageDraw.Draw(image).ellipse(box, "red")
        return image

    pngs = []
    for number in range(3):
        out = io.BytesIO()
        picture((7000, 7000)).rotate(number * 90).save(out, "PNG")
        path = directory / f"attack{number}.png"
        path.write_bytes(out.getvalue())
        pngs.append(str(path))
    out = io.BytesIO()
    picture((6000, 4000)).save(out, "JPEG", quality=90)
    jpeg = directory / "phone.jpg"
    jpeg.write_bytes(out.getvalue())
    out = io.BytesIO()
    picture((5000, 4000)).save(out, "PNG")
    largest = directory / "largest.png"
    largest.write_bytes(out.getvalue())
    return pngs, [str(jpeg)], [str(largest)] * 3


def _measure(module: Path, files: list[str], requests: int, concurrency: int) -> dict:
    code = CHILD.format(
        src=str(ROOT / "src"),
        module=str(module),
        files=files,
        requests=requests,
        concurrency=concurrency,
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before-rev", default="012cdb9", help="git revision of 'before'")
    parser.add_argument("--requests", type=int, default=3, help="requests at once")
    parser.add_argument(
        "--concurrency", type=int, default=2, help="PHOTO_DECODE_CONCURRENCY for 'after'"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        before = directory / "photos_before.py"
        before.write_text(
            subprocess.run(
                ["git", "show", f"{args.before_rev}:{PHOTOS}"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        pngs, jpeg, largest = _attack_files(directory)
        sizes = ", ".join(f"{Path(p).stat().st_size // 1024} KB" for p in pngs)
        print(f"attack: 3 PNGs of 7000 x 7000 ({sizes}); phone photo: 6000 x 4000 JPEG")
        cases = [
            ("3 PNGs, 1 request", pngs, 1),
            (f"3 PNGs, {args.requests} requests at once", pngs, args.requests),
            ("24 MP JPEG, 1 request", jpeg, 1),
            ("3 x 20 MP PNG (largest taken), 1", largest, 1),
            (f"3 x 20 MP PNG, {args.requests} at once", largest, args.requests),
        ]
        for label, files, requests in cases:
            for version, module in (("before", before), ("after", ROOT / PHOTOS)):
                figures = _measure(module, files, requests, args.concurrency)
                cost = figures["peak_mb"] - figures["baseline_mb"]
                print(
                    f"{label:32} {version:6} peak RSS {figures['peak_mb']:7.0f} MB "
                    f"(decoding +{cost:5.0f} MB)  {'; '.join(figures['outcomes'])}"
                )


if __name__ == "__main__":
    main()
