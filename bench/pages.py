"""Benchmark: every daily page against a bare view, on the real stack, at 1x and 10x data; then 50 clients at once.

Run (after `generate_scale_data` into two PostgreSQL databases, see bench/README in PAGES.md), with the cache in
Redis as the deployment has it (without `CACHE_URL` each gunicorn worker keeps its own, as `make run` does):

    CACHE_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/pages.py \\
        --set 1x=postgres://postgres@127.0.0.1:5432/bench1x \\
        --set 10x=postgres://postgres@127.0.0.1:5432/bench10x [--rounds 30] [--clients 50] [--seconds 20]

For each data set it starts gunicorn (4 sync workers, `bench.site.settings`: the project's settings with DEBUG
off, plus `/bench/bare/`), logs in every role (a session row, as a login would leave), and requests every page
and each role's bare view in one loop, shuffled each round, one at a time: the bare view is measured under the
same load as the pages. The bare view is login-required, renders a one-line template, and goes through the same
middleware and context processors as every page. Each client keeps a session and a CSRF cookie, as a browser does.
Then each page once after a write (a new data version), `--cold-rounds` times: the cost nothing kept can save.
Then `--clients` threads request a mix of the pages for `--seconds`, and the bare view alone for as long: the
throughput of the mix over the bare one.

Writes bench/PAGES.md. Ratios, not absolute times, are the figures to read: the machine is shared.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Pages that must stay within 3x of the bare view's p95 at 10x; every other daily page within 5x.
TIGHT = 3.0
LOOSE = 5.0
COMMITTEE = "miyun-town"


@dataclass
class Page:
    label: str
    role: str
    url: str
    tight: bool = False
    times: list[float] = field(default_factory=list)
    size: int = 0
    # The first look after a write: every page kept per viewer (`committee.viewcache`) is built afresh.
    cold: list[float] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.role)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def pages_of(committee_code: str) -> list[Page]:
    """The daily pages, with the objects they show picked from the data set (the newest of each kind)."""
    from django.urls import reverse

    from documents.models import Document
    from duties.models import FollowUpTask
    from meetings.models import Meeting
    from reports.models import AnnualReport, ReportCycle

    code = {"committee_code": committee_code}
    cycle = ReportCycle.objects.filter(committee__code=committee_code).order_by("-year").first()
    meeting = (
        Meeting.objects.filter(committee__code=committee_code, kind="plenary", state="held")
        .order_by("-starts_at")
        .first()
    )
    document = (
        Document.objects.filter(committee__code=committee_code, receipts__isnull=False).order_by("-signed_at").first()
    )
    task = (
        FollowUpTask.objects.filter(committee__code=committee_code, unit__code="fulian").order_by("-created_at").first()
    )
    report = AnnualReport.objects.filter(cycle=cycle, unit__code="fulian").first()
    pages = [
        *(
            Page("工作台", role, reverse("home"), tight=True)
            for role in (
                "office_staff",
                "office_director",
                "director",
                "deputy1",
                "liaison-fulian",
                "head-fulian",
                "district-viewer",
            )
        ),
        Page("督办总览", "office_staff", reverse("duties:tasks", kwargs=code), tight=True),
        Page("督办总览", "liaison-fulian", reverse("duties:tasks", kwargs=code), tight=True),
        Page("变更记录", "office_director", reverse("committee:history", kwargs={"code": committee_code}), tight=True),
        Page("成员单位", "liaison-fulian", reverse("members:unit", kwargs={**code, "code": "fulian"}), tight=True),
        Page("成员单位", "office_staff", reverse("members:unit", kwargs={**code, "code": "fulian"}), tight=True),
        Page("年度报告看板", "office_staff", reverse("reports:cycle", kwargs={"pk": cycle.pk}), tight=True),
        Page("委员会", "office_staff", reverse("committee:detail", kwargs={"code": committee_code})),
        Page("成员单位列表", "office_staff", reverse("members:units", kwargs=code)),
        Page("通知", "office_staff", reverse("committee:inbox")),
        Page("会议列表", "office_staff", reverse("meetings:list", kwargs=code)),
        Page("会议日历", "office_staff", reverse("meetings:calendar", kwargs=code)),
        Page("会议", "office_staff", reverse("meetings:detail", kwargs={"pk": meeting.pk})),
        Page("公文列表", "office_staff", reverse("documents:list", kwargs=code)),
        Page("公文", "office_staff", reverse("documents:detail", kwargs={"pk": document.pk})),
        Page("督办事项", "liaison-fulian", reverse("duties:task", kwargs={"pk": task.pk})),
        Page("年度报告列表", "office_staff", reverse("reports:cycles", kwargs=code)),
        Page("年度报告", "liaison-fulian", reverse("reports:report", kwargs={"pk": report.pk})),
        Page("督导检查", "office_staff", reverse("duties:inspections", kwargs=code)),
        Page("委托", "director", reverse("committee:delegations", kwargs={"code": committee_code})),
        # Issue 14: the district's oversight of its towns, and the open API's lists (as the district's platform
        # reads them, here with the viewer's session; a token reads the same querysets).
        *(district_pages(committee_code)),
    ]
    return pages


def district_pages(committee_code: str) -> list[Page]:
    """The district viewer's pages over the towns: the oversight page, and the API's list endpoints."""
    from django.urls import reverse

    from committee.models import Committee

    district = Committee.objects.filter(children__code=committee_code).first()
    if district is None:
        return []
    api = ("committees", "units", "meetings", "decisions", "tasks", "reports", "documents")
    return [
        Page("区级总览", "district-viewer", reverse("committee:oversight", kwargs={"code": district.code}), tight=True),
        *(Page(f"API {name}", "district-viewer", f"/api/v1/{name}/", tight=True) for name in api),
    ]


def session_cookie(username: str) -> str:
    """A logged-in session for `username`, written as a login would write it, and the CSRF cookie a browser keeps
    from its first page (pages kept per viewer with a form in them are kept per browser: `committee.viewcache`)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from committee.middleware import LAST_SEEN_KEY

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LAST_SEEN_KEY] = int(time.time()) + 86400  # never "idle" during the run, never rewritten by it
    session.create()
    return f"sessionid={session.session_key}; csrftoken={get_random_string(CSRF_SECRET_LENGTH)}"


def get(port: int, url: str, cookie: str) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


class Server:
    """gunicorn as the deployment runs it (docker-compose.yml), four sync workers, on a free local port."""

    def __init__(self, database_url: str, workers: int, source: Path = ROOT):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "bench.site.settings",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            "OUTBOX_NUDGE": "false",
        }
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=source,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get(self.port, "/healthz/", "")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def measure(port: int, pages: list[Page], bare: dict[str, Page], cookies: dict[str, str], rounds: int) -> None:
    everything = pages + list(bare.values())
    for page in everything:  # warm each worker's caches and templates
        for _ in range(4):
            get(port, page.url, cookies[page.role])
    rng = random.Random(13)
    for _ in range(rounds):
        order = everything[:]
        rng.shuffle(order)
        for page in order:
            started = time.perf_counter()
            status, size = get(port, page.url, cookies[page.role])
            page.times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"{page.label} ({page.role}) {page.url}: {status}")
            page.size = size


def measure_after_writes(port: int, pages: list[Page], cookies: dict[str, str], rounds: int) -> None:
    """Each page once after a new data version (as any write leaves), `rounds` times: what a page costs when
    nothing of it is kept, which is what its first reader after each write waits for."""
    from core import dataversion

    for _ in range(rounds):
        for page in pages:
            dataversion.bump()
            started = time.perf_counter()
            status, _size = get(port, page.url, cookies[page.role])
            page.cold.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"{page.label} ({page.role}) {page.url}: {status}")


def throughput(port: int, mix: list[tuple[str, str]], clients: int, seconds: float) -> tuple[float, int]:
    """Requests completed per second by `clients` threads each requesting pages of `mix` in turn."""
    stop = time.monotonic() + seconds
    done, errors, lock = [0], [0], threading.Lock()

    def client(offset: int) -> None:
        index = offset
        while time.monotonic() < stop:
            url, cookie = mix[index % len(mix)]
            index += 1
            try:
                status, _size = get(port, url, cookie)
            except OSError:
                status = 0
            with lock:
                if status == 200:
                    done[0] += 1
                else:
                    errors[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started), errors[0]


@dataclass
class Result:
    name: str
    pages: list[Page]
    bare: dict[str, Page]
    mix_rps: float = 0.0
    bare_rps: float = 0.0
    errors: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def ratio(self, page: Page) -> float:
        return _percentile(page.times, 0.95) / _percentile(self.bare[page.role].times, 0.95)


def data_counts() -> dict[str, int]:
    from django.apps import apps

    from documents.models import Document
    from duties.models import FollowUpTask
    from meetings.models import Meeting
    from reports.models import AnnualReport

    history = sum(
        model.objects.count() for model in apps.get_models() if model._meta.model_name.startswith("historical")
    )
    return {
        "meetings": Meeting.objects.count(),
        "tasks": FollowUpTask.objects.count(),
        "documents": Document.objects.count(),
        "reports": AnnualReport.objects.count(),
        "history rows": history,
    }


def run_set(name: str, database_url: str, args) -> Result:
    import django
    from django.db import connections

    os.environ["DATABASE_URL"] = database_url
    if not getattr(run_set, "ready", False):
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.site.settings"
        django.setup()
        run_set.ready = True
    else:
        from django.conf import settings

        connections.close_all()
        settings.DATABASES["default"]["NAME"] = database_url.rsplit("/", 1)[1]
    pages = pages_of(COMMITTEE)
    roles = sorted({page.role for page in pages})
    cookies = {role: session_cookie(role) for role in roles}
    bare = {role: Page("空白页", role, "/bench/bare/") for role in roles}
    result = Result(name, pages, bare, counts=data_counts())
    connections.close_all()
    server = Server(database_url, args.workers, Path(args.source))
    try:
        print(f"[{name}] {len(pages)} pages, {args.rounds} rounds", flush=True)
        measure(server.port, pages, bare, cookies, args.rounds)
        print(f"[{name}] after writes, {args.cold_rounds} rounds", flush=True)
        measure_after_writes(server.port, pages, cookies, args.cold_rounds)
        mix = [(page.url, cookies[page.role]) for page in pages]
        print(f"[{name}] {args.clients} clients, {args.seconds:.0f} s each way", flush=True)
        result.mix_rps, errors = throughput(server.port, mix, args.clients, args.seconds)
        result.bare_rps, bare_errors = throughput(
            server.port, [(page.url, cookies[page.role]) for page in bare.values()], args.clients, args.seconds
        )
        result.errors = errors + bare_errors
    finally:
        server.stop()
    return result


def cache_kind() -> str:
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if backend == "RedisCache":
        return "Redis (`CACHE_URL`), shared by the workers as in the deployment"
    return f"{backend}, each worker its own"


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total / 2**20:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.machine()}, {cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}"


def report(results: list[Result], args, load_before, load_after) -> str:
    import django
    from django.db import connection

    command = "`.venv/bin/python bench/pages.py " + " ".join(f"--set {r.name}=<{r.name} database>" for r in results)
    command += f" --rounds {args.rounds} --clients {args.clients} --seconds {args.seconds:g}"
    if Path(args.source).resolve() != ROOT:
        command += f" --source {args.source}"
    command += "`"
    lines = [
        "# Page benchmark",
        "",
        f"Command: {command}",
        "(data: `manage.py generate_scale_data --years 1 --towns 3` for 1x, "
        "`--years 10 --towns 3 --idle-towns 337` for 10x, each into its own PostgreSQL database).",
        f"Machine: {machine()}; Django {django.get_version()}, PostgreSQL {connection.pg_version // 10000}, "
        f"gunicorn {args.workers} sync workers; cache: {cache_kind()}. Date: {time.strftime('%Y-%m-%d %H:%M')}.",
        f"Load average (1/5/15 min) before: {' / '.join(f'{v:.1f}' for v in load_before)}; "
        f"after: {' / '.join(f'{v:.1f}' for v in load_after)} — the machine is shared with other work, "
        "so read the ratios, which are measured in the same loop, not the milliseconds.",
        "",
        "Each page and each role's bare view (`/bench/bare/`: login required, a one-line template, the same middleware "
        "and context processors) are requested one at a time, in a shuffled order each round, "
        f"{args.rounds} times; the ratio is the page's p95 over the bare view's p95 for the same login. "
        f"Targets at 10x: within {TIGHT:g}x for the pages marked ●, within {LOOSE:g}x for every other page.",
        "",
    ]
    for result in results:
        counts = ", ".join(f"{n:,} {what}" for what, n in result.counts.items())
        lines.append(f"**{result.name}**: {counts}.")
    lines += [
        "",
        "| page | login | "
        + " | ".join(f"{r.name} p50 ms | {r.name} p95 ms | {r.name} KB | {r.name} ratio" for r in results)
        + " | target | met |",
    ]
    lines.append("|---|---|" + "---:|---:|---:|---:|" * len(results) + "---|---|")
    last = results[-1]
    for index, page in enumerate(last.pages):
        cells = []
        for result in results:
            same = result.pages[index]
            cells.append(
                f"{statistics.median(same.times):.1f} | {_percentile(same.times, 0.95):.1f} | "
                f"{same.size / 1024:.0f} | {result.ratio(same):.1f}x"
            )
        target = TIGHT if page.tight else LOOSE
        met = "yes" if last.ratio(page) <= target else "**no**"
        mark = "● " if page.tight else ""
        lines.append(f"| {mark}{page.label} | {page.role} | " + " | ".join(cells) + f" | {target:g}x | {met} |")
    lines += [
        "",
        "Bare view, by login:",
        "",
        "| login | " + " | ".join(f"{r.name} p50 ms | {r.name} p95 ms" for r in results) + " |",
    ]
    lines.append("|---|" + "---:|---:|" * len(results))
    for role in sorted(last.bare):
        cells = [
            f"{statistics.median(r.bare[role].times):.1f} | {_percentile(r.bare[role].times, 0.95):.1f}"
            for r in results
        ]
        lines.append(f"| {role} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"First look after a write (`--cold-rounds {args.cold_rounds}`): before each request the data version is "
        "changed, as any write changes it, so nothing kept for a viewer is served; the ratio is this page's p50 over "
        "the bare view's p50. It is what the first reader after each write waits for; every later reader until the "
        "next write is served as in the table above.",
        "",
        "| page | login | " + " | ".join(f"{r.name} p50 ms | {r.name} / bare p50" for r in results) + " |",
        "|---|---|" + "---:|---:|" * len(results),
    ]
    for index, page in enumerate(last.pages):
        cells = []
        for result in results:
            same = result.pages[index]
            cold = statistics.median(same.cold) if same.cold else 0.0
            cells.append(f"{cold:.1f} | {cold / statistics.median(result.bare[same.role].times):.1f}x")
        mark = "● " if page.tight else ""
        lines.append(f"| {mark}{page.label} | {page.role} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Concurrency: {args.clients} client threads for {args.seconds:g} s requesting the pages above in turn, then "
        f"as long requesting the bare view (throughput target: the mix at least a third of the bare view's).",
        "",
        "| data | mix req/s | bare req/s | mix / bare | errors |",
        "|---|---:|---:|---:|---:|",
    ]
    for result in results:
        share = result.mix_rps / result.bare_rps if result.bare_rps else 0
        lines.append(
            f"| {result.name} | {result.mix_rps:.1f} | {result.bare_rps:.1f} | {share:.0%} | {result.errors} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", action="append", default=[], help="NAME=DATABASE_URL, in order (e.g. 1x=..., 10x=...)")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cold-rounds", type=int, default=5, help="rounds of each page after a write")
    parser.add_argument(
        "--source", default=str(ROOT), help="the source tree gunicorn serves (another checkout, for a before/after)"
    )
    parser.add_argument("--output", default=str(Path(__file__).with_name("PAGES.md")))
    args = parser.parse_args()
    if not args.set:
        parser.error("give at least one --set NAME=DATABASE_URL (see the docstring)")
    load_before = os.getloadavg()
    results = [run_set(*entry.split("=", 1), args) for entry in args.set]
    text = report(results, args, load_before, os.getloadavg())
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
