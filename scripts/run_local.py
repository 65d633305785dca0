"""`make run`: the web server, a Celery worker and one beat process, stopped together by Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")

PROCESSES = {
    "web": [PYTHON, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
    "worker": [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "info", "--concurrency", "2"],
    "beat": [PYTHON, "-m", "celery", "-A", "config", "beat", "-l", "info"],
}


def child_env(environ=os.environ) -> dict[str, str]:
    env = {**environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    # The site as its users see it: its own 404/403/500 pages, never Django's debug page listing every URL
    # pattern (a hidden object is a 404). Tracebacks still go to this console; DJANGO_DEBUG=1 brings them back.
    env.setdefault("DJANGO_DEBUG", "0")
    return env


def main() -> int:
    env = child_env()
    children: dict[str, subprocess.Popen] = {}
    for name, command in PROCESSES.items():
        children[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)

    def stop(*_args):
        for process in children.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in children.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    print(f"\n  Serving on http://{HOST}:{PORT}/  (worker and beat running; Ctrl-C stops all)\n", flush=True)
    try:
        while True:
            for name, process in children.items():
                if process.poll() is not None:
                    print(f"{name} exited with {process.returncode}; stopping the others.", file=sys.stderr)
                    stop()
                    return process.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
