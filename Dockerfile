# The production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Typst (a Python wheel) typesets the PDF reports with the system's fonts; they cover Arabic,
# Cyrillic and Chinese (Noto CJK) for the report languages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-dejavu-core fonts-noto-core fonts-noto-cjk gettext curl \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 nrtd
WORKDIR /app

# The runtime part of requirements.lock (the dev extra stays out), cached while the lock is
# unchanged. uv checks every file against the lock's hashes, which it reads from the
# constraints; pip brings in the uv the lock pins (its entry, with hashes, as .ci/install
# takes it) and removes it after.
COPY pyproject.toml requirements.lock ./
RUN awk '/^uv==/ {p = 1; print; next} p && /^ / {print; next} {p = 0}' requirements.lock >/tmp/uv.txt \
    && pip install --require-hashes --no-deps -r /tmp/uv.txt \
    && uv pip install --system --no-cache --compile-bytecode --require-hashes \
        -c requirements.lock -r pyproject.toml \
    && pip uninstall -y uv && rm /tmp/uv.txt
COPY . .
# The app's own bytecode too (PYTHONDONTWRITEBYTECODE: no process writes it at run time).
RUN pip install --no-deps . \
    && python -m compileall -q nrtd recommendations mechanisms reporting \
    && DEBUG=off SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R nrtd:nrtd /app/var

USER nrtd
EXPOSE 8000
# Workers, threads and timeout: gunicorn.conf.py.
CMD ["gunicorn", "nrtd.wsgi:application"]
