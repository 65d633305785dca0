# Production image: gunicorn serving config.wsgi:application; the same image runs the Celery worker and beat
# (see docker-compose.yml). Static files are collected at build time and served by whitenoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    VAR_DIR=/data/var

# WeasyPrint's system libraries (Pango, HarfBuzz subsetting) and CJK fonts for the Chinese PDFs (Noto CJK, and the
# Fandol faces of official documents taken out of texlive-lang-chinese without installing TeX);
# postgresql-client (15, as the database) for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fontconfig \
        fonts-noto-cjk \
        postgresql-client \
    && mkdir -p /tmp/fandol /usr/local/share/fonts/fandol \
    && (cd /tmp/fandol && apt-get download texlive-lang-chinese) \
    && dpkg-deb -x /tmp/fandol/texlive-lang-chinese_*.deb /tmp/fandol/x \
    && cp /tmp/fandol/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol*-*.otf /usr/local/share/fonts/fandol/ \
    && rm -f /usr/local/share/fonts/fandol/FandolBraille* && fc-cache -f \
    && rm -rf /tmp/fandol /var/lib/apt/lists/*

WORKDIR /app

# Only the direct runtime dependencies, pinned to the versions of the lock file.
COPY requirements/ requirements/
RUN pip install -r requirements/base.in -c requirements/lock.txt

COPY . .

# Production settings refuse to load without their secrets; these dummy values exist for this step only
# and are not kept in the image's environment.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_SECRET_KEY=build-only-dummy-secret-key-not-used-at-run-time-0123456789abcdef \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@127.0.0.1:5432/build \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
    python manage.py collectstatic --noinput

# Non-root user; the data directories become the named volumes' initial content (and so their owner).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && mkdir -p /data/media /data/var/celery \
    && chown -R app:app /data

USER app

ENV DJANGO_SETTINGS_MODULE=config.settings.production

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--access-logfile", "-", "--error-logfile", "-"]
