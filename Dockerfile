# The production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango (and HarfBuzz, fonts) to render PDF reports; fonts cover Arabic,
# Cyrillic and Chinese (Noto CJK) for the report languages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core fonts-noto-core fonts-noto-cjk gettext curl \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 nrtd
WORKDIR /app

COPY pyproject.toml README.md ./
COPY nrtd/__init__.py nrtd/__init__.py
RUN pip install --upgrade pip && pip install .  # dependencies, cached while pyproject is unchanged
COPY . .
RUN pip install --no-deps . \
    && DEBUG=off SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R nrtd:nrtd /app/var

USER nrtd
EXPOSE 8000
# Workers, threads and timeout: gunicorn.conf.py.
CMD ["gunicorn", "nrtd.wsgi:application"]
