"""Running on more than one machine: docker-compose.yml scales, and agrees with the settings it feeds.

`docker compose up --scale web=3 --scale worker=4` must work (no fixed port or container name on what scales), the
workers must consume exactly the queues the settings route to, one beat only, the proxy must send to the web
service, and the bucket MinIO's setup makes must be the one the application writes to. The settings are read in
subprocesses, each with the environment under test. No database, no Docker.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys

import pytest

from .test_deployment import (
    CONTROLLED,
    ROOT,
    command,
    environment,
    names_read_by_settings,
    production_env,
    required_names,
    service,
)

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
SCALED = ("web", "worker", "render")
# Set by docker-compose.yml for the scaled-out deployment; the subprocesses of the embedded case start without them.
SCALE_OUT_VARIABLES = {
    "CACHE_URL",
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
}


def interpolated(value: str) -> str:
    """What compose makes of `${NAME:-default}` and `${NAME:?message}` when NAME is not set: the default, or
    `<NAME>` standing for the value the operator must give."""

    def one(match: re.Match) -> str:
        name, operator, rest = match.group(1), match.group(2), match.group(3)
        return rest if operator in {":-", "-"} else f"<{name}>"

    return re.sub(r"\$\{([A-Z_][A-Z0-9_]*)(:?[-?])?([^}]*)\}", one, value).replace("$$", "$")


def settings_in_subprocess(env: dict[str, str]) -> dict:
    """The settings that matter for scaling out, as a fresh process with `env` sees them."""
    probe = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'caches': settings.CACHES, 'session_engine': settings.SESSION_ENGINE, "
        "'storages': settings.STORAGES, 'routes': settings.CELERY_TASK_ROUTES, "
        "'default_queue': settings.CELERY_TASK_DEFAULT_QUEUE, "
        "'queues': [queue.name for queue in settings.CELERY_TASK_QUEUES]}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def compose_app_env(compose: dict) -> dict[str, str]:
    """web's environment with compose's defaults filled in and a stand-in for each required value."""
    env = {key: interpolated(value) for key, value in environment(service(compose, "web")).items()}
    env["DJANGO_SECRET_KEY"] = production_env()["DJANGO_SECRET_KEY"]
    env["DJANGO_ALLOWED_HOSTS"] = "committee.example.org"
    env["SITE_URL"] = "https://committee.example.org"
    return env


@pytest.fixture(scope="module")
def compose() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scaled_settings(compose, tmp_path_factory) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED | SCALE_OUT_VARIABLES}
    env.update(compose_app_env(compose))
    env["VAR_DIR"] = str(tmp_path_factory.mktemp("var"))
    env["STATIC_ROOT"] = str(tmp_path_factory.mktemp("static"))
    return settings_in_subprocess(env)


def queues_of(svc: dict) -> set[str]:
    words = shlex.split(command(svc))
    for flag in ("-Q", "--queues"):
        if flag in words:
            return set(words[words.index(flag) + 1].split(","))
    pytest.fail(f"{command(svc)!r} names no queue: a worker without -Q consumes every queue, which is no split")


# --- what scales --------------------------------------------------------------------------------------------------


def test_scaled_services_have_no_fixed_port_or_name(compose):
    for name in SCALED:
        svc = service(compose, name)
        assert not svc.get("ports"), f"{name} publishes a host port: a second copy could not bind it"
        assert "container_name" not in svc, f"{name} has a fixed container name: it cannot be scaled"
        assert not svc.get("deploy", {}).get("replicas"), name


def test_one_published_port_on_the_proxy(compose):
    published = {name: svc["ports"] for name, svc in compose["services"].items() if svc.get("ports")}
    assert list(published) == ["proxy"], published
    assert len(published["proxy"]) == 1
    proxy = service(compose, "proxy")
    assert proxy["image"].startswith("nginx:")
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    mounted = {volume.split(":")[1]: volume.split(":")[0] for volume in proxy["volumes"]}
    assert mounted["/etc/nginx/conf.d/default.conf"] == "./deploy/nginx.conf"


def test_the_proxy_balances_over_the_web_service(compose):
    conf = NGINX_CONF.read_text(encoding="utf-8")
    upstreams = dict(re.findall(r"upstream\s+(\S+)\s*\{([^}]*)\}", conf))
    passes = re.findall(r"proxy_pass\s+http://([^/;\s]+)", conf)
    assert passes and set(passes) <= set(upstreams), passes
    for upstream in passes:
        servers = re.findall(r"^\s*server\s+(\S+)", upstreams[upstream], re.MULTILINE)
        assert servers == ["web:8000"], servers
        # Re-resolved as containers come and go (`resolve` needs a resolver and a shared zone).
        assert re.search(r"server\s+web:8000\s[^;]*\bresolve\b", upstreams[upstream])
        assert re.search(r"^\s*zone\s", upstreams[upstream], re.MULTILINE)
    assert re.search(r"^resolver\s+127\.0\.0\.11\b", conf, re.MULTILINE), "Docker's DNS"
    web_command = command(service(compose, "web"))
    assert "0.0.0.0:8000" in web_command
    assert "8000" in [str(port) for port in service(compose, "web").get("expose", [])]
    # The production settings trust X-Forwarded-Proto; the proxy must pass it on.
    assert re.search(r"proxy_set_header\s+X-Forwarded-Proto\s", conf)
    assert re.search(r"proxy_set_header\s+Host\s+\$host;", conf)


def test_the_proxy_lets_an_attachment_through():
    """The application answers an oversized upload itself (413 with a page); nginx's 1 MiB default would not."""
    from committee.uploads import request_max_bytes

    conf = NGINX_CONF.read_text(encoding="utf-8")
    size = re.search(r"client_max_body_size\s+(\d+)([km]?);", conf)
    assert size, "without it nginx refuses bodies over 1 MiB"
    limit = int(size.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[size.group(2)]
    assert limit >= request_max_bytes()


def test_exactly_one_beat(compose):
    beats = [name for name, svc in compose["services"].items() if re.search(r"\bcelery\b.*\bbeat\b", command(svc))]
    assert beats == ["beat"]
    # Nor does any worker embed a beat (-B), which would make one more per scaled worker.
    for name in ("worker", "render"):
        words = shlex.split(command(service(compose, name)))
        assert "-B" not in words and "--beat" not in words, name


# --- queues -------------------------------------------------------------------------------------------------------


def test_every_task_is_routed_by_its_registered_name(scaled_settings):
    """A route naming a task that does not exist would silently send nothing to its queue."""
    from celery import current_app

    current_app.loader.import_default_modules()
    for task_name in scaled_settings["routes"]:
        assert task_name in current_app.tasks, task_name
    assert scaled_settings["routes"]["core.tasks.render_job_run"]["queue"] == "render"
    for task_name in (
        "committee.tasks.notification_deliver",
        "committee.tasks.notifications_deliver",
        "committee.tasks.notification_digest_send",
    ):
        assert scaled_settings["routes"][task_name]["queue"] == "notifications", task_name


def test_workers_consume_exactly_the_routed_queues_and_the_default(compose, scaled_settings):
    routed = {route["queue"] for route in scaled_settings["routes"].values()}
    expected = routed | {scaled_settings["default_queue"]}
    consumed: dict[str, set[str]] = {name: queues_of(service(compose, name)) for name in ("worker", "render")}
    assert set().union(*consumed.values()) == expected, consumed
    assert consumed["render"] == {"render"}, "rendering has workers of its own"
    assert "render" not in consumed["worker"], "a run of PDFs never holds up the e-mail"
    # A worker started without -Q (`make run`) consumes all of them.
    assert set(scaled_settings["queues"]) == expected


# --- settings and environment -------------------------------------------------------------------------------------


def test_compose_sets_only_what_the_settings_read_and_all_they_need(compose):
    read = names_read_by_settings() | {"DJANGO_SETTINGS_MODULE"}
    for name in (*SCALED, "beat", "migrate"):
        env = environment(service(compose, name))
        assert not sorted(set(env) - read), f"{name} sets variables no settings module reads"
        missing = [variable for variable in required_names() if not env.get(variable)]
        assert not missing, name
        for variable in ("CACHE_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL"):
            assert env.get(variable), f"{name} lacks {variable}"
        assert interpolated(env["CACHE_URL"]).startswith("redis://redis:6379/"), name
        assert interpolated(env["AWS_S3_ENDPOINT_URL"]) == "http://minio:9000", name


def test_the_bucket_made_by_the_setup_service_is_the_one_the_application_uses(compose):
    setup = service(compose, "createbuckets")
    assert setup["image"].startswith("minio/mc")
    assert setup.get("restart") == "no"
    assert setup["depends_on"]["minio"]["condition"] == "service_healthy"
    script = " ".join(setup["entrypoint"]) if isinstance(setup["entrypoint"], list) else setup["entrypoint"]
    setup_env = {key: interpolated(value) for key, value in environment(setup).items()}
    made = re.findall(r"mc mb\b[^&]*?\"?store/([^\"\s&]+)", interpolated(script))
    assert len(made) == 1, script
    bucket = re.sub(r"\$\{?(\w+)\}?", lambda match: setup_env[match.group(1)], made[0])
    minio_env = {key: interpolated(value) for key, value in environment(service(compose, "minio")).items()}
    for name in (*SCALED, "beat", "backup"):
        env = {key: interpolated(value) for key, value in environment(service(compose, name)).items()}
        assert env["AWS_STORAGE_BUCKET_NAME"] == bucket, name
        # The application signs in as the user MinIO was started with.
        assert env["AWS_ACCESS_KEY_ID"] == minio_env["MINIO_ROOT_USER"] == setup_env["MINIO_ROOT_USER"], name
        assert env["AWS_SECRET_ACCESS_KEY"] == minio_env["MINIO_ROOT_PASSWORD"], name
        assert service(compose, name)["depends_on"]["createbuckets"] == {
            "condition": "service_completed_successfully"
        }, name
    # Compose must leave `$MINIO_ROOT_USER` to the container's shell (`$$`), not fill it in from the host.
    raw = " ".join(setup["entrypoint"])
    assert "$$MINIO_ROOT_USER" in raw and "$$MEDIA_BUCKET" in raw


def test_scaled_out_settings_use_redis_and_the_bucket(scaled_settings):
    cache = scaled_settings["caches"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://redis:6379/1"
    assert scaled_settings["session_engine"] in {
        "django.contrib.sessions.backends.cached_db",
        "django.contrib.sessions.backends.cache",
    }
    media = scaled_settings["storages"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "committee-media"
    assert media["OPTIONS"]["endpoint_url"] == "http://minio:9000"
    assert media["OPTIONS"]["access_key"] == "committee"
    assert media["OPTIONS"]["secret_key"] == "<MINIO_ROOT_PASSWORD>"


def test_the_s3_storage_loads_without_touching_the_network(compose, tmp_path):
    """django-storages and boto3 are installed, and the options compose gives make a storage (no request sent)."""
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED | SCALE_OUT_VARIABLES}
    env.update(compose_app_env(compose), VAR_DIR=str(tmp_path), STATIC_ROOT=str(tmp_path / "static"))
    probe = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "media = storages['default']; print(type(media).__name__, media.bucket_name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "committee-media"], result.stdout


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.production"])
def test_without_redis_or_bucket_the_embedded_defaults_stay(module, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED | SCALE_OUT_VARIABLES}
    if module.endswith("production"):
        env.update(production_env())
    env.update(DJANGO_SETTINGS_MODULE=module, VAR_DIR=str(tmp_path), STATIC_ROOT=str(tmp_path / "static"))
    found = settings_in_subprocess(env)
    assert found["caches"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["session_engine"] == "django.contrib.sessions.backends.db"
    assert found["storages"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    # The routes are the same everywhere; the embedded worker, started without -Q, consumes every queue.
    assert set(found["queues"]) == {"celery", "render", "notifications"}


def test_redis_url_alone_gives_the_redis_cache(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED | SCALE_OUT_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local", VAR_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/3"
    )
    found = settings_in_subprocess(env)
    assert found["caches"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["caches"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert found["session_engine"] == "django.contrib.sessions.backends.cached_db"
