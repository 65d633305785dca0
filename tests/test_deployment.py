"""The production deployment: docker-compose.yml and the Dockerfile agree with the production settings.

These tests need no database: they read the files and run the production settings in subprocesses.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
SETTINGS_DIR = ROOT / "config" / "settings"
PRODUCTION = "config.settings.production"
APP_SERVICES = ("migrate", "web", "worker", "render", "beat")
SECRET_KEY = "pR7!vK2@wQ9#zL4$" * 4  # 64 characters, as many distinct ones as a real key

# The variables that the production settings and the tests below set; the subprocesses start without them.
CONTROLLED = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_DEBUG",
    "DJANGO_SECURE_COOKIES",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_HSTS_SECONDS",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "DJANGO_SECURE_HSTS_PRELOAD",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "CACHE_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "VAR_DIR",
    "SITE_URL",
    "DEFAULT_FROM_EMAIL",
    "EMAIL_BACKEND",
}


def required_names() -> list[str]:
    """The variables production.py refuses to start without: its `required("NAME")` calls."""
    source = (SETTINGS_DIR / "production.py").read_text(encoding="utf-8")
    names = re.findall(r"""\brequired\(\s*["']([A-Z][A-Z0-9_]*)["']\s*\)""", source)
    return sorted(set(names))


def names_read_by_settings() -> set[str]:
    """Every variable name that some settings module reads from the environment."""
    names: set[str] = set()
    pattern = re.compile(
        r"""(?:os\.environ\.get|os\.environ\[|os\.getenv|\benv_bool|\benv_list|\brequired)\(?\s*["']([A-Z][A-Z0-9_]*)["']"""
    )
    for path in SETTINGS_DIR.glob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def service(compose: dict, name: str) -> dict:
    return compose["services"][name]


def environment(svc: dict) -> dict[str, str]:
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def command(svc: dict) -> str:
    cmd = svc.get("command", "")
    return " ".join(cmd) if isinstance(cmd, list) else str(cmd)


def mounts(svc: dict) -> dict[str, str]:
    """Container path -> source (volume name or host path)."""
    result = {}
    for volume in svc.get("volumes") or []:
        if isinstance(volume, dict):
            result[volume["target"]] = volume.get("source", "")
        else:
            source, target, *_mode = volume.split(":")
            result[target] = source
    return result


def dockerfile_instructions() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined and comments dropped."""
    lines = [line for line in DOCKERFILE.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    return [" ".join(part.split()) for part in re.split(r"\n(?=\S)", "\n".join(lines).replace("\\\n", " ")) if part]


def production_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="committee.example.org",
        DATABASE_URL="postgres://x@127.0.0.1:5432/postgres",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        SITE_URL="https://committee.example.org",
        DEFAULT_FROM_EMAIL="jzw@committee.example.org",
    )
    env.update(overrides)
    return env


# --- docker-compose.yml -------------------------------------------------------------------------------------------


def test_compose_has_the_services(compose):
    assert {"postgres", "redis", *APP_SERVICES} <= set(compose["services"])
    assert service(compose, "postgres")["image"].startswith("postgres:15")
    assert service(compose, "redis")["image"].startswith("redis:7")
    for name in APP_SERVICES:
        assert "build" in service(compose, name), name


def test_compose_commands(compose):
    web = command(service(compose, "web"))
    assert re.search(r"\bgunicorn\b.*\bconfig\.wsgi:application\b", web)
    assert "0.0.0.0:8000" in web
    # Migrations run once, in their own one-shot service, before any web container or worker starts.
    assert command(service(compose, "migrate")) == "python manage.py migrate --noinput"
    assert "migrate" not in web
    for name in ("web", "worker", "render", "beat"):
        assert service(compose, name)["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    for name in ("worker", "render"):
        assert re.search(r"\bcelery -A config worker\b", command(service(compose, name)))
    assert re.search(r"\bcelery -A config beat\b", command(service(compose, "beat")))


def test_compose_app_environment_follows_the_settings(compose):
    required = required_names()
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"} <= set(required)
    read = names_read_by_settings()
    assert {"AWS_STORAGE_BUCKET_NAME", "VAR_DIR"} <= read
    for name in APP_SERVICES:
        env = environment(service(compose, name))
        assert env.get("DJANGO_SETTINGS_MODULE") == PRODUCTION, name
        missing = [variable for variable in required if not env.get(variable)]
        assert not missing, f"{name} lacks {missing}"
        assert env.get("AWS_STORAGE_BUCKET_NAME"), f"{name}: media must be in the bucket every machine sees"
        assert env.get("VAR_DIR"), name
        # A misspelt name would be silently ignored by the settings.
        unknown = sorted(set(env) - read - {"DJANGO_SETTINGS_MODULE"})
        assert not unknown, f"{name} sets variables no settings module reads: {unknown}"
        # Compose refuses to start without the secret key rather than starting with an empty one.
        assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:\?[^}]+\}", env["DJANGO_SECRET_KEY"]), name
        assert env["DATABASE_URL"].startswith("postgres://committee:"), name
        assert "@postgres:5432/committee" in env["DATABASE_URL"], name
        assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0", name


def test_compose_app_services_share_one_environment(compose):
    environments = [environment(service(compose, name)) for name in APP_SERVICES]
    assert all(env == environments[0] for env in environments)


def test_compose_volumes(compose):
    declared = set(compose.get("volumes") or {})
    # Media are in MinIO's bucket, not on a volume that only the containers of one machine could share.
    assert "media" not in declared
    assert "minio-data" in declared
    for name in APP_SERVICES:
        svc = service(compose, name)
        env = environment(svc)
        volumes = mounts(svc)
        assert "MEDIA_ROOT" not in env, name
        assert volumes.get(env["VAR_DIR"]) in declared, f"{name}: VAR_DIR is not on a named volume"
    postgres_volumes = mounts(service(compose, "postgres"))
    assert postgres_volumes.get("/var/lib/postgresql/data") in declared


def test_compose_beat_schedule_is_on_a_volume(compose):
    beat = service(compose, "beat")
    var_dir = environment(beat)["VAR_DIR"]
    match = re.search(r"(?:-s|--schedule)[ =](\S+)", command(beat))
    # Without -s the settings put the file at VAR_DIR/celery/beat-schedule.
    schedule = match.group(1) if match else f"{var_dir}/celery/beat-schedule"
    assert schedule.startswith(var_dir.rstrip("/") + "/")


def test_compose_healthchecks_and_start_order(compose):
    for name in ("postgres", "redis", "web"):
        assert service(compose, name).get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    web_check = service(compose, "web")["healthcheck"]["test"]
    assert "/healthz/" in " ".join(web_check)
    if web_check[:2] == ["CMD", "python"] and web_check[2] == "-c":
        compile(web_check[3], "web-healthcheck", "exec")  # the probe is valid Python
    for name in APP_SERVICES:
        depends = service(compose, name).get("depends_on")
        assert isinstance(depends, dict), name
        for dependency in ("postgres", "redis"):
            assert depends.get(dependency, {}).get("condition") == "service_healthy", f"{name} -> {dependency}"


# --- Dockerfile ---------------------------------------------------------------------------------------------------


def test_dockerfile():
    instructions = dockerfile_instructions()
    assert instructions[0].split()[:2] == ["FROM", "python:3.11-slim-bookworm"]
    runs = [line for line in instructions if line.startswith("RUN ")]
    collectstatic = [line for line in runs if "manage.py collectstatic --noinput" in line]
    assert collectstatic, "the image collects its static files at build time"
    assert f"DJANGO_SETTINGS_MODULE={PRODUCTION}" in collectstatic[0]
    # STATIC_ROOT must be the same at run time as at build time, where whitenoise reads the manifest.
    assert any(line.startswith("ENV ") and "STATIC_ROOT=" in line for line in instructions)
    assert any("pip install" in line and "requirements/" in line for line in runs)
    assert any("libpango-1.0-0" in line and "fonts-noto-cjk" in line for line in runs)
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users, "the image runs as a non-root user"
    assert users[-1] not in {"root", "0"}
    cmd = next(line for line in reversed(instructions) if line.startswith("CMD "))
    assert "gunicorn" in cmd
    assert "config.wsgi:application" in cmd


# --- the production settings --------------------------------------------------------------------------------------


def test_check_deploy_has_no_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(tmp_path / "static")),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "ERRORS" not in output, output


def test_check_reports_a_missing_site_url(tmp_path):
    """Links in e-mail need the site's address: `check` (which `migrate` runs before gunicorn starts) says so."""
    env = production_env(STATIC_ROOT=str(tmp_path / "static"))
    del env["SITE_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "core.E001" in result.stderr and "SITE_URL" in result.stderr, result.stderr


def test_make_run_links_to_the_address_it_serves(tmp_path):
    """scripts/run_local.py serves at HOST:PORT; the local settings make e-mail links point there."""
    probe = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED | {"HOST", "PORT"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", VAR_DIR=str(tmp_path))
    cases = [
        ({}, "http://127.0.0.1:8000"),
        ({"HOST": "0.0.0.0", "PORT": "8765"}, "http://127.0.0.1:8765"),  # a wildcard is no address to open
        ({"HOST": "192.168.10.5", "PORT": "9000"}, "http://192.168.10.5:9000"),
        ({"HOST": "0.0.0.0", "SITE_URL": "http://jz.intranet/"}, "http://jz.intranet"),
    ]
    for extra, expected in cases:
        result = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT,
            env=env | extra,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.stdout.strip().splitlines()[-1] == expected, (extra, result.stderr)


@pytest.mark.parametrize("variable", sorted({"DJANGO_SECRET_KEY", *required_names()}))
def test_production_settings_refuse_to_start_without(variable):
    env = production_env()
    del env[variable]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    assert variable in result.stderr, result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=production_env(DJANGO_SECRET_KEY="too-short"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr, result.stderr


def test_compose_has_a_backup_service_and_request_limits(compose):
    backup = service(compose, "backup")
    assert "manage.py" in command(backup) and "backup" in command(backup)
    assert environment(backup) == environment(service(compose, "web"))
    assert mounts(backup).get("/data/var") == "var"
    assert backup.get("profiles") == ["backup"], "the backup runs when asked (cron), not with `up`"
    assert any("postgresql-client" in line for line in dockerfile_instructions() if line.startswith("RUN "))
    web = command(service(compose, "web"))
    assert "--limit-request-line" in web and "--limit-request-field_size" in web
