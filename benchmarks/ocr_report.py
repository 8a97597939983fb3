"""Scoring and the Markdown report of the OCR benchmark (CER: `benchmarks.cer`)."""

from __future__ import annotations

from collections.abc import Iterable
from statistics import mean

from benchmarks.cer import cer
from benchmarks.ocr_pages import PageSpec
from benchmarks.ocr_runs import Run

PAGE_LIMIT = 0.05  # the goal: no page above 5% CER
MEAN_LIMIT = 0.02  # the goal: mean CER at most 2%


def _pct(value: float) -> str:
    return f"{100 * value:.2f}"


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def accuracy(specs: list[PageSpec], bare: Run, ours: Run) -> list[str]:
    """Per-condition CER table, bare Tesseract against Yomitori, and the overall line."""
    scores = {s.file: (cer(bare.texts[s.file], s.truth), cer(ours.texts[s.file], s.truth))
              for s in specs}
    conditions = list(dict.fromkeys(s.condition for s in specs))
    rows = []
    for condition in [*conditions, "all"]:
        files = [s.file for s in specs if condition in ("all", s.condition)]
        b = [scores[f][0] for f in files]
        y = [scores[f][1] for f in files]
        name = f"**{condition}**" if condition == "all" else condition
        rows.append([name, str(len(files)), _pct(mean(b)), _pct(max(b)), _pct(mean(y)),
                     _pct(max(y)), str(sum(v > PAGE_LIMIT for v in y))])
    header = ["condition", "pages", "bare mean %", "bare max %", "Yomitori mean %",
              "Yomitori max %", "Yomitori pages > 5%"]
    worst = [f"- Over 5% with Yomitori: {s.file} ({s.font}, {s.body_pt} pt, {s.dpi} dpi): "
             f"{_pct(scores[s.file][1])}%" for s in specs if scores[s.file][1] > PAGE_LIMIT]
    return [*_table(header, rows), "", *(worst or ["- No page over 5% with Yomitori."])]


NEW_MEAN = 0.01  # issue #14: each new condition's mean CER at most 1%
NEW_PAGE = 0.03  # and its worst page at most 3%


def goals(specs: list[PageSpec], ours: Run, conditions: list[str]) -> list[str]:
    """Issue #14's goals, per new condition in `conditions`: met or not."""
    lines = []
    for condition in conditions:
        scores = [cer(ours.texts[s.file], s.truth) for s in specs if s.condition == condition]
        if not scores:
            continue
        met = mean(scores) <= NEW_MEAN and max(scores) <= NEW_PAGE
        lines.append(f"- {condition}: mean {_pct(mean(scores))}%, worst {_pct(max(scores))}% "
                     f"({'met' if met else 'NOT met'}: mean <= 1%, worst <= 3%)")
    return lines


def orientation(specs: list[PageSpec], ours: Run) -> list[str]:
    """How often Yomitori found the right way up and the text's direction, and how close
    its skew came."""
    right = direction = 0
    wrong: list[str] = []
    errors: list[float] = []
    for spec in specs:
        page = ours.results[spec.file]["pages"][0]  # type: ignore[index]
        right += page["rotation"] == spec.rotation
        direction += page.get("direction", "horizontal") == spec.direction
        if page["rotation"] != spec.rotation or page.get("direction") != spec.direction:
            wrong.append(spec.file)
        if spec.skew:
            errors.append(abs(page["skew"] - spec.skew))
    return [
        f"- Orientation right on {right} of {len(specs)} pages.",
        f"- Text direction (horizontal, vertical, mixed) right on {direction} of "
        f"{len(specs)} pages." + (f" Wrong: {', '.join(wrong)}." if wrong else ""),
        f"- Skew error (pages with skew): mean {mean(errors):.3f}°, max {max(errors):.3f}°"
        if errors else "- No skewed pages.",
    ]


def speed(pages: int, bare: Run, ours: Run) -> list[str]:
    """Seconds per page and peak RSS of both contenders."""
    rows = [
        ["bare `tesseract` CLI, one process per file", f"{bare.seconds / pages:.3f}",
         f"{bare.peak_rss_mib:.0f}"],
        ["`yomitori ocr` over the batch (preprocessing included)",
         f"{ours.seconds / pages:.3f}", f"{ours.peak_rss_mib:.0f}"],
    ]
    ratio = ours.seconds / bare.seconds
    return [*_table(["run (OMP_THREAD_LIMIT=1)", "s/page", "peak RSS MiB"], rows), "",
            f"Yomitori / bare time ratio: {ratio:.2f} (same run, same files)."]


def steps(timings: list[dict[str, float]]) -> list[str]:
    """Mean milliseconds per preprocessing step over the pages (measured in-process)."""
    names = list(dict.fromkeys(name for timing in timings for name in timing))
    rows = [[name, f"{1000 * mean(t.get(name, 0.0) for t in timings):.1f}"] for name in names]
    return _table(["step", "mean ms/page"], rows)


def memory(trace: list[tuple[int, float]], peak: float, files: int) -> list[str]:
    """RSS of the Yomitori process as the batch went on: the first sample at or after 1,
    10%, 25%, 50%, 75% of the pages, and the last one."""
    if not trace:
        return [f"- Peak RSS over {files} pages: {peak:.0f} MiB (no samples)."]
    rows: list[list[str]] = []
    for share in (0.0, 0.1, 0.25, 0.5, 0.75):
        done, rss = next((s for s in trace if s[0] >= max(1, share * files)), trace[-1])
        rows.append([str(done), f"{rss:.0f}"])
    rows.append([str(trace[-1][0]), f"{trace[-1][1]:.0f}"])
    unique = [row for index, row in enumerate(rows) if row not in rows[:index]]
    return [*_table(["pages done", "RSS MiB"], unique), "",
            f"- Peak RSS over {files} pages: {peak:.0f} MiB."]
