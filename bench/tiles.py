"""Deep-zoom tiling of a large scan: time and peak memory (run by hand, not by `make bench`).

    python bench/tiles.py                     # 20,000 x 20,000 JPEG, streamed
    python bench/tiles.py --size 8000 --png   # also a PNG source
    python bench/tiles.py --whole             # also the whole-image path, for comparison

Each step runs in its own child process and its peak resident memory is that child's own
(`os.wait4`), so generating the test image does not count against tiling it. The image is
gradients with paper-like grain, circles and lines, so it compresses roughly like a scan.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def make_image(path: Path, size: int) -> None:
    """A size x size RGB image: gradients, grain, circles and lines."""
    from PIL import Image, ImageDraw

    red = Image.linear_gradient("L").resize((size, size))
    green = Image.blend(red.transpose(Image.Transpose.ROTATE_90),
                        Image.effect_noise((size, size), 64).convert("L"), 0.25)  # paper grain
    blue = Image.radial_gradient("L").resize((size, size))
    image = Image.merge("RGB", (red, green, blue))
    del red, green, blue
    draw = ImageDraw.Draw(image)
    step = max(1, size // 20)
    for n in range(0, size, step):
        draw.ellipse((n, n, n + step * 2, n + step), outline=(20, 20, 20), width=max(1, size // 2000))
        draw.line((0, n, size, n + step // 3), fill=(240, 240, 240), width=3)
    if path.suffix == ".png":
        image.save(path, "PNG", compress_level=1)
    else:
        image.save(path, "JPEG", quality=90)


def tile(path: Path, out: Path, whole: bool) -> dict:
    from kiosk.media import images
    from kiosk.media.tiles import make_pyramid

    if whole:  # the path EXIF-rotated, CMYK or palette images take
        images._streamable = lambda image, orientation: False
    start = time.perf_counter()
    info = make_pyramid(path, out)
    seconds = time.perf_counter() - start
    tiles = sum(1 for _ in info.files.rglob("*.jpg"))
    return {"seconds": round(seconds, 2), "levels": info.levels, "tiles": tiles,
            "width": info.width, "height": info.height}


def derive(path: Path, out: Path) -> dict:
    from kiosk.media.images import DISPLAY_MAX, derive_image, probe_image

    start = time.perf_counter()
    probe_image(path, allow_large=True)
    probed = time.perf_counter() - start
    derive_image(path, out, DISPLAY_MAX, allow_large=True)
    return {"probe_s": round(probed, 2), "derive_s": round(time.perf_counter() - start - probed, 2)}


def child(*args: str) -> tuple[dict, float]:
    """Run this script with `args`; (its JSON output, its peak RSS in MB)."""
    process = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"child {args} failed with status {status}")
    return json.loads(output or b"{}"), usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--png", action="store_true", help="also tile a PNG source")
    parser.add_argument("--whole", action="store_true", help="also the whole-image path")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--_make", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--_tile", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--_derive", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._make:
        make_image(Path(args._make[0]), int(args._make[1]))
        print("{}")
        return
    if args._tile:
        print(json.dumps(tile(Path(args._tile[0]), Path(args._tile[1]), args._tile[2] == "1")))
        return
    if args._derive:
        print(json.dumps(derive(Path(args._derive[0]), Path(args._derive[1]))))
        return
    work = Path(tempfile.mkdtemp(prefix="bench-tiles-"))
    try:
        for suffix in [".jpg"] + ([".png"] if args.png else []):
            source = work / f"scan{suffix}"
            start = time.perf_counter()
            _, make_rss = child("--_make", str(source), str(args.size))
            print(f"made {source.name} {args.size} x {args.size}: "
                  f"{source.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.1f} s "
                  f"(generator peak {make_rss:.0f} MB)")
            for whole in [False] + ([True] if args.whole else []):
                out = work / f"tiles{suffix}-{int(whole)}"
                result, rss = child("--_tile", str(source), str(out), "1" if whole else "0")
                how = "whole image" if whole else "streamed"
                print(f"  {how:>11}: {result['seconds']} s, peak RSS {rss:.0f} MB, "
                      f"{result['tiles']} tiles in {result['levels']} levels")
                shutil.rmtree(out)
            result, rss = child("--_derive", str(source), str(work / "display.jpg"))
            print(f"  probe (allow_large) {result['probe_s']} s + display image "
                  f"{result['derive_s']} s, peak RSS {rss:.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
