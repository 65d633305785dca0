"""Benchmark: PDF rendering of official documents, our pipeline against bare WeasyPrint, in one run.

Run: .venv/bin/python bench/render.py [--repeat 10]
Writes bench/RESULTS.md. Not a test: figures vary by machine.

For a 1-page and a 10-page document it measures
- the pipeline: documents.rendering.document_pdf (layout, template, WeasyPrint with the GB/T 9704
  stylesheet, the colophon check, SHA-256), as the render task runs it;
- bare WeasyPrint: HTML(string=...).write_pdf(stylesheets=[...]) on the very HTML the pipeline made;
- noto: bare WeasyPrint on the same HTML with every font stack cut down to its Noto CJK fallback (the faces the
  documents used before the Fandol fonts), which is what the Fandol fonts cost or save.
Each (document, way) runs in its own process, so that peak memory (the process's maximum resident set,
which includes Pango, HarfBuzz and the fonts, unlike tracemalloc) is not inherited from another measurement.
The first render of a process loads the fonts; it is reported apart ("cold") from the warm renders.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPH = (
    "各成员单位要按照《密云镇社区矫正委员会工作规则》的规定，认真履行职责，落实监督管理和教育帮扶措施，"
    "于每年12月15日前向委员会报送本单位年度书面报告，内容包括履行职责情况、落实委员会决定情况、重点工作情况"
    "和存在的问题及建议。"
)


def setup_django(var_dir: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "VAR_DIR": var_dir,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "CELERY_BROKER_URL": "memory://",
            "CELERY_RESULT_BACKEND": "cache+memory://",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def rss_mb() -> float:
    """The current resident set of this process."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(var_dir: str) -> dict[str, int]:
    """A fresh database with the committee, its people and two signed documents: 1 page and 10 pages."""
    setup_django(var_dir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from committee.demo import demo_people_create
    from committee.services import rules_load
    from documents import services
    from documents.rendering import document_pdf

    call_command("migrate", verbosity=0)
    committee, _ = rules_load(data_dir=ROOT / "committee" / "data" / "miyun")
    demo_people_create(committee, "bench-pass-1234")
    users = {user.username: user for user in get_user_model().objects.all()}
    units = list(committee.units.filter(is_active=True))

    def signed(paragraphs: int, *, short: bool):
        document = services.document_draft(
            by=users["office_staff"],
            committee=committee,
            kind="notice",
            classification="important",
            title="关于报送年度书面报告的通知"
            if short
            else "关于做好2026年度社区矫正工作成员单位履职情况书面报告的通知",
            body="请各成员单位于12月15日前报送本单位年度书面报告。"
            if short
            else "\n".join(["一、总体要求。" + PARAGRAPH] + [PARAGRAPH] * (paragraphs - 1)),
            main_units=units,
            copy_extra="密云区司法局",
            attachments="" if short else "成员单位履职情况报告提纲\n报送时间安排表",
            note="" if short else "联系人：赵雪，电话：010-69041234",
        )
        services.document_submit(by=users["office_staff"], document=document)
        services.document_review(by=users["office_director"], document=document, forward=True)
        return services.document_sign(by=users["director"], document=document, opinion="同意")

    documents = {}
    for pages, guess in ((1, 1), (10, 52)):
        paragraphs = guess
        while True:
            document = signed(paragraphs, short=pages == 1)
            count = document_pdf(document).pages
            if count == pages:
                break
            paragraphs += 1 if count < pages else -1
            if paragraphs < 1:
                raise SystemExit(f"could not make a {pages}-page document")
        documents[f"{pages}"] = document.pk
    return documents


def _renderers(document_id: int):
    from documents.models import Document
    from documents.rendering import STYLESHEET, document_html, document_pdf

    document = Document.objects.select_related("committee").get(pk=document_id)
    html = document_html(document)

    def pipeline() -> bytes:
        return document_pdf(document).pdf

    def bare() -> bytes:
        from weasyprint import CSS, HTML

        return HTML(string=html, base_url=str(ROOT)).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])

    noto_css = _noto_only(STYLESHEET.read_text(encoding="utf-8"))

    def noto() -> bytes:
        from weasyprint import CSS, HTML

        return HTML(string=html, base_url=str(ROOT)).write_pdf(stylesheets=[CSS(string=noto_css)])

    return {"pipeline": pipeline, "bare": bare, "noto": noto}


def _noto_only(css: str) -> str:
    """The stylesheet with each font stack reduced to its last face (Noto Serif / Sans CJK SC)."""
    import re

    return re.sub(r"font-family:[^;]*?(\"Noto [^\"]+\");", r"font-family: \1;", css)


def child_memory(var_dir: str, document_id: int, way: str) -> dict:
    """One render in a fresh process: its time (cold: fonts are loaded on the way) and the process's peak memory."""
    setup_django(var_dir)
    render = _renderers(document_id)[way]
    baseline = rss_mb()
    started = time.perf_counter()
    pdf = render()
    cold_ms = (time.perf_counter() - started) * 1000
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        pages = len(opened.pages)
    return {"pages": pages, "bytes": len(pdf), "cold_ms": cold_ms, "baseline_mb": baseline, "peak_mb": peak_mb()}


def child_time(var_dir: str, document_id: int, repeat: int) -> dict:
    """Warm renders, the two ways taking turns, so that a busy machine slows both alike."""
    setup_django(var_dir)
    renderers = _renderers(document_id)
    for render in renderers.values():
        render()  # warm up: fonts, templates
    times: dict[str, list[float]] = {way: [] for way in renderers}
    for _ in range(repeat):
        for way, render in renderers.items():
            started = time.perf_counter()
            render()
            times[way].append((time.perf_counter() - started) * 1000)
    result = {}
    for way, values in times.items():
        values.sort()
        result[way] = {
            "median_ms": statistics.median(values),
            "p95_ms": values[max(0, round(0.95 * len(values)) - 1)],
            "min_ms": values[0],
        }
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            total_kb = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
            memory = f", {total_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        pass
    import weasyprint

    subset = "with" if any(Path(p).exists() for p in _harfbuzz_subset_paths()) else "without"
    return (
        f"{platform.machine()}, {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, {subset} libharfbuzz-subset"
    )


def _harfbuzz_subset_paths() -> list[str]:
    return [
        "/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0",
        "/usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0",
        "/lib/aarch64-linux-gnu/libharfbuzz-subset.so.0",
        "/usr/lib/aarch64-linux-gnu/libharfbuzz-subset.so.0",
    ]


def _run_child(*arguments: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--memory", nargs=3, metavar=("VAR_DIR", "DOCUMENT", "WAY"), help=argparse.SUPPRESS)
    parser.add_argument("--time", nargs=2, metavar=("VAR_DIR", "DOCUMENT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory:
        var_dir, document_id, way = args.memory
        print(json.dumps(child_memory(var_dir, int(document_id), way)))
        return
    if args.time:
        var_dir, document_id = args.time
        print(json.dumps(child_time(var_dir, int(document_id), args.repeat)))
        return

    var_dir = tempfile.mkdtemp(prefix="bench-render-")
    prepared = subprocess.run(
        [sys.executable, "-c", _PREPARE, var_dir], check=True, capture_output=True, text=True, cwd=ROOT
    )
    documents = json.loads(prepared.stdout.strip().splitlines()[-1])
    results = {}
    for pages, document_id in documents.items():
        timed = _run_child("--repeat", str(args.repeat), "--time", var_dir, str(document_id))
        for way in ("pipeline", "bare", "noto"):
            row = _run_child("--memory", var_dir, str(document_id), way) | timed[way]
            results[(pages, way)] = row
            print(
                f"{pages:>2} page(s) {way:8s}: median {row['median_ms']:7.1f} ms, p95 {row['p95_ms']:7.1f} ms, "
                f"cold {row['cold_ms']:7.1f} ms, peak {row['peak_mb']:6.1f} MB",
                flush=True,
            )
    write(results, args.repeat)


_PREPARE = (
    "import json, sys; sys.path.insert(0, '.'); from bench.render import prepare; "
    "print(json.dumps(prepare(sys.argv[1])))"
)


def write(results: dict, repeat: int) -> None:
    lines = [
        "# Render benchmark",
        "",
        f"Command: `.venv/bin/python bench/render.py --repeat {repeat}`",
        "(one run; each measurement in its own process).",
        f"Machine: {machine()}.",
        f"Load average when the run ended: {' / '.join(f'{load:.1f}' for load in os.getloadavg())} (1 / 5 / 15 min);",
        "the ratio is the figure to read, absolute times vary with what else the machine does.",
        f"Date: {datetime.datetime.now(datetime.UTC).astimezone().date().isoformat()}.",
        "",
        "*Pipeline* is `documents.rendering.document_pdf` (layout helpers, the GB/T 9704 template and print",
        "stylesheet, WeasyPrint, the check that the colophon shares a page with text, SHA-256), as the task runs it.",
        "*Bare* is `weasyprint.HTML(string=html).write_pdf(stylesheets=[gbt9704.css])` on the same HTML.",
        "*Noto* is bare WeasyPrint on the same HTML with every font stack cut down to its Noto CJK fallback, the faces",
        "the documents used before the Fandol fonts: bare / noto is what the Fandol fonts cost.",
        "Times are warm renders (fonts loaded), the two ways taking turns in one process; *cold* is the first render",
        "of a fresh process. Peak memory is the maximum resident set of a fresh process that renders the document",
        "once (Python, Pango, HarfBuzz and fonts together, which tracemalloc would not see); *at start* is its",
        "resident set after Django, the models and the HTML are loaded, before that render.",
        "",
        "| document | way | pages | PDF KB | median ms | p95 ms | cold ms | at start MB | peak MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (pages, way), row in results.items():
        lines.append(
            f"| {pages} page{'s' if pages != '1' else ''} | {way} | {row['pages']} | {row['bytes'] / 1024:.0f} | "
            f"{row['median_ms']:.1f} | {row['p95_ms']:.1f} | {row['cold_ms']:.0f} | {row['baseline_mb']:.0f} | "
            f"{row['peak_mb']:.0f} |"
        )
    lines += [
        "",
        "Ratio pipeline / bare WeasyPrint:",
        "",
        "| document | time (median) | peak memory |",
        "|---|---:|---:|",
    ]
    for pages in sorted({pages for pages, _way in results}, key=int):
        ours, bare = results[(pages, "pipeline")], results[(pages, "bare")]
        lines.append(
            f"| {pages} page{'s' if pages != '1' else ''} | {ours['median_ms'] / bare['median_ms']:.2f} | "
            f"{ours['peak_mb'] / bare['peak_mb']:.2f} |"
        )
    lines += [
        "",
        "What the fonts cost: bare WeasyPrint with the Fandol stacks (仿宋, 楷体, 黑体, 小标宋, 宋体; Noto for",
        "missing glyphs) against the same HTML in Noto CJK only:",
        "",
        "| document | time (median) | cold | peak memory | PDF size |",
        "|---|---:|---:|---:|---:|",
    ]
    for pages in sorted({pages for pages, _way in results}, key=int):
        fandol, noto = results[(pages, "bare")], results[(pages, "noto")]
        lines.append(
            f"| {pages} page{'s' if pages != '1' else ''} | {fandol['median_ms'] / noto['median_ms']:.2f} | "
            f"{fandol['cold_ms'] / noto['cold_ms']:.2f} | {fandol['peak_mb'] / noto['peak_mb']:.2f} | "
            f"{fandol['bytes'] / noto['bytes']:.2f} |"
        )
    (Path(__file__).with_name("RESULTS.md")).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {Path(__file__).with_name('RESULTS.md')}")


if __name__ == "__main__":
    main()
