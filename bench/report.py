"""The results table (terminal and Markdown), the verdicts, and the throughput plot."""

import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench import BASE_DIR
from bench.load import LoadResult
from bench.pages import BASELINE, MAX_WORKER_RSS_MB, MIN_RATIO, PUBLIC_GET, UNCACHED_GET, Page


@dataclass
class Row:
    page: Page
    result: LoadResult | None = None
    queries_cold: int | None = None
    queries_warm: int | None = None
    skipped: str = ""
    ratio: float | None = None

    def verdict(self) -> str:
        if self.skipped:
            return "skipped"
        result = self.result
        problems = []
        if result.errors:
            problems.append(f"{result.errors} errors")
        min_ratio = MIN_RATIO.get(self.page.kind)
        if min_ratio is not None and self.ratio is not None and self.ratio < min_ratio:
            problems.append(f"ratio < {min_ratio:.2f}")
        limit = self.page.p95_target
        if limit is not None and result.p95_ms >= limit:
            problems.append(f"p95 >= {limit:.0f} ms")
        if problems:
            return "MISS: " + ", ".join(problems)
        return "ok" if min_ratio is not None or limit is not None else "no target"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return f"{os.cpu_count()} CPUs (nproc), {cpu}, {memory_kb / 1024 / 1024:.1f} GiB memory"


def machine_load() -> str:
    """How busy the machine was before the run: other work moves every figure."""
    load = os.getloadavg()[0]
    pressure = Path("/proc/pressure/cpu")
    waiting = ""
    if pressure.exists():
        some = pressure.read_text().split()[1]  # "avg10=12.34"
        waiting = f", CPU pressure {some.split('=')[1]}% (tasks waiting for a CPU, last 10 s)"
    return f"load average {load:.2f}{waiting}"


def commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True
    )
    return result.stdout.strip() or "unknown"


def _number(value, digits=1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def table(rows: list[Row]) -> list[list[str]]:
    header = ["page", "rps", "p50 ms", "p95 ms", "p99 ms", "errors", "queries", "ratio", "target"]
    lines = [header]
    for row in rows:
        if row.skipped:
            lines.append([row.page.name, *["-"] * 7, f"skipped ({row.skipped})"])
            continue
        result = row.result
        queries = (
            "-"
            if row.queries_warm is None
            else f"{row.queries_cold}/{row.queries_warm}"
            if row.queries_cold != row.queries_warm
            else str(row.queries_warm)
        )
        lines.append(
            [
                row.page.name,
                _number(result.rps, 0),
                _number(result.p50_ms),
                _number(result.p95_ms),
                _number(result.p99_ms),
                str(result.errors),
                queries,
                "1.00" if row.page.kind == BASELINE else _number(row.ratio, 2),
                row.verdict(),
            ]
        )
    return lines


def render_text(lines: list[list[str]]) -> str:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = []
    for number, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)))
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def render_markdown(lines: list[list[str]]) -> str:
    out = ["| " + " | ".join(lines[0]) + " |", "|" + "---|" * len(lines[0])]
    out += ["| " + " | ".join(line) + " |" for line in lines[1:]]
    return "\n".join(out)


def rss_verdict(sizes: list[float]) -> str:
    if not sizes:
        return "worker RSS: not measured"
    largest = max(sizes)
    verdict = "ok" if largest < MAX_WORKER_RSS_MB else f"MISS (>= {MAX_WORKER_RSS_MB:.0f} MB)"
    each = ", ".join(f"{size:.0f}" for size in sizes)
    return f"worker RSS after the run: largest {largest:.0f} MB (each: {each}) - {verdict}"


def plot(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    measured = [row for row in rows if row.result]
    names = [row.page.name for row in measured]
    values = [row.result.rps for row in measured]
    colours = [
        "#6c757d"
        if row.page.kind == BASELINE
        else "#0d6efd"
        if row.verdict() == "ok"
        else "#dc3545"
        if row.verdict().startswith("MISS")
        else "#198754"
        for row in measured
    ]
    figure, axes = pyplot.subplots(figsize=(9, 0.45 * len(names) + 1.5))
    axes.barh(names[::-1], values[::-1], color=colours[::-1])
    baseline = next((row.result.rps for row in measured if row.page.kind == BASELINE), None)
    if baseline:
        for kind, style in ((PUBLIC_GET, "--"), (UNCACHED_GET, ":")):
            share = MIN_RATIO[kind]
            axes.axvline(baseline * share, color="#dc3545", linestyle=style, linewidth=1)
            axes.text(baseline * share, len(names) - 0.4, f" {share:.2f} of bare", color="#dc3545")
    axes.set_xlabel("requests per second (16 connections)")
    axes.set_title("Throughput per page")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    pyplot.close(figure)
