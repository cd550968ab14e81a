"""The long fuzz run: the suite's hypothesis properties with many more examples.

    python bench/fuzz.py --examples 20000        # or: make fuzz FUZZ_EXAMPLES=20000

Runs tests/test_fuzz_bundles.py (bundle reader: verify and install) and
tests/test_fuzz_content_and_search.py (content reader, `kiosk check`, search, Kivy markup)
and tests/fuzz (kiosk.toml, WebVTT captions; random "long" profile)
with `KIOSK_FUZZ_EXAMPLES` set: each fast property takes that many examples, those that
build a catalog per example a fiftieth. Prints pytest's summary and writes the outcome to
bench/.data/fuzz-results.json. A failure prints hypothesis's smallest falsifying example;
hypothesis keeps it in .hypothesis/ so the suite's next run tries it first.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FILES = ("tests/test_fuzz_bundles.py", "tests/test_fuzz_content_and_search.py", "tests/fuzz")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--json", type=Path, default=HERE / ".data" / "fuzz-results.json")
    parser.add_argument("files", nargs="*", default=list(FILES))
    args = parser.parse_args(argv)
    env = dict(os.environ, KIOSK_FUZZ_EXAMPLES=str(args.examples), HYPOTHESIS_PROFILE="long",
               KIVY_NO_ARGS="1",
               KIVY_NO_CONSOLELOG="1", KIVY_NO_FILELOG="1")
    outcomes = []
    for name in args.files:
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "--hypothesis-show-statistics", name], cwd=REPO, env=env,
                             capture_output=True, text=True)
        seconds = time.perf_counter() - start
        summary = (run.stdout.strip().splitlines() or ["(no output)"])[-1]
        print(f"{name}: {summary} ({seconds:.0f} s)")
        if run.returncode:
            print(run.stdout[-6000:], run.stderr[-2000:], sep="\n")
        outcomes.append({"file": name, "examples": args.examples, "passed": run.returncode == 0,
                         "summary": summary, "seconds": round(seconds, 1)})
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(outcomes, indent=1) + "\n")
    return 0 if all(o["passed"] for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
