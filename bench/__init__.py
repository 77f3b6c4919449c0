"""The benchmark suite: `make bench` (bench/run.py). Not part of the tests."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
