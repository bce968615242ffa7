"""Anonymous answers cached by what they depend on: the public data and the request.

The public portal and the API's anonymous reads are the same for every visitor, and on the
days around a UPR session many visitors run the same few queries. An anonymous GET of a
public page or of the API is kept in the default cache (Redis in production, this process's
memory on the embedded default) under a key made of

- the path and the normalised query (parameters sorted, empty values dropped),
- what else changes the answer: the language, HTMX's target, the Accept header,
- the **public data generation**: a number that every write to public data bumps (once
  committed), so a publish, an import, a status change or a moderation decision makes every
  cached answer stale at once, without knowing which pages it touched.

Logged-in users, token clients, requests carrying messages, and anything not a plain 200 are
never read from or written to this cache. Readers who ask for the same answer while it is
being built wait for it rather than build it again (``_once_built``). Each cached answer
carries an ETag; a conditional GET with it gets 304 without a body.

The CSRF token an anonymous page embeds (the language form, HTMX's header) belongs to one
visitor: it is replaced by a placeholder before the page is stored and by the current
visitor's own token when it is served.

What bumps the generation is in one place: ``public_data_changed`` is connected to every
save, delete and M2M change of the project's models (but the job and log models below, which
no public page shows), and bulk writes that send no signals (imports, bulk actions) call it
themselves through ``recommendations.filtering.facets.forget_facet_counts``.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import re
import secrets
import struct
import time
import zlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "nrtd:public-generation"
LABEL_GENERATION_KEY = "nrtd:label-generation"
# The stored answer's format is in the prefix: a deployment that changes it reads none of
# the previous one's answers.
KEY_PREFIX = "nrtd:public-page:3"

# Models whose rows never show on a public page and change all the time (job progress,
# heartbeats, logs): saving them keeps the cache.
QUIET_MODELS = {
    "recommendations.importjob",
    "recommendations.sheetupload",
    "recommendations.reminderlog",
    "recommendations.classifiermodel",
    "recommendations.suggestionfeedback",
    "reporting.reportrun",
    "mechanisms.profile",
}
WATCHED_APPS = {"recommendations", "mechanisms", "reporting"}
# Models whose rows name a facet value (a State, a review, a theme, an institution...):
# saving one also makes the processes' remembered facet labels stale (``label_generation``).
# Publishing, a status change or an assignment keeps them.
LABEL_MODELS = {
    "recommendations.state",
    "recommendations.body",
    "recommendations.review",
    "recommendations.theme",
    "recommendations.affectedgroup",
    "recommendations.sdggoal",
    "recommendations.sdgtarget",
    "recommendations.cluster",
    "recommendations.clusterset",
    "mechanisms.institution",
}

# The public pages (URL names) whose anonymous answers are cached; the API's anonymous GETs
# under /api/v1/ too (JSON only: the browsable HTML carries a per-request CSP nonce).
CACHED_VIEWS = {
    "home",
    "portal:home",
    "portal:search",
    "portal:recommendation",
    "portal:institution",
    "portal:sdg_goal",
    "portal:theme",
    "portal:data_dictionary",
    "portal:plans",
    "portal:plan",
}
API_NAMESPACE = "api"

_CSRF_PLACEHOLDER = "\x00csrf-token\x00"
_TOKEN = re.compile(rb"[a-zA-Z0-9]{%d}" % CSRF_TOKEN_LENGTH)

# Set for the length of a request that reads public data only (anonymous GET or HEAD, no
# token): the database router sends its reads to the replica.
public_read: contextvars.ContextVar[bool] = contextvars.ContextVar("public_read", default=False)


# --- the generation -------------------------------------------------------------------


def _current(key: str) -> int:
    """The number kept under ``key``. When the cache has none (its first use, or Redis was
    flushed or evicted the key), it starts from the clock in milliseconds, so it never comes
    back to a number that earlier answers (or a process's memo) were kept under."""
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns() // 1_000_000, None)
        value = cache.get(key)
    return int(value or 0)


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # no number yet: start one (above any earlier one)
        _current(key)
        with contextlib.suppress(ValueError):
            cache.incr(key)


def generation() -> int:
    """The public data generation: what anonymous answers and facet counts are kept under."""
    return _current(GENERATION_KEY)


def label_generation() -> int:
    """The generation of the names that label facet values (``LABEL_MODELS``): what each
    process's facet label memo is kept under. It survives a publish, so the first search
    after one does not look up thousands of labels again."""
    return _current(LABEL_GENERATION_KEY)


def bump_generation(*, labels: bool = False) -> None:
    _bump(GENERATION_KEY)
    if labels:
        _bump(LABEL_GENERATION_KEY)


def public_data_changed(*, labels: bool = False) -> None:
    """Make every cached anonymous answer stale (and, with ``labels``, the remembered facet
    labels): now, and again once the current transaction commits (a reader between the two
    could have stored the old data under the first new number). Outside a transaction the
    second bump follows at once."""
    bump_generation(labels=labels)
    transaction.on_commit(lambda: bump_generation(labels=labels))


def _on_model_change(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in WATCHED_APPS:
        return
    if meta.label_lower in QUIET_MODELS or meta.label_lower.split(".")[1].startswith("historical"):
        return
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed's pre_add, pre_remove, pre_clear
    public_data_changed(labels=meta.label_lower in LABEL_MODELS)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_model_change, dispatch_uid=f"nrtd.public_cache.{signal!r}")


# --- which requests ---------------------------------------------------------------------


def is_public_request(request) -> bool:
    """An anonymous read: GET or HEAD, no logged-in user, no API token."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    if getattr(request, "_force_auth_user", None) is not None:
        return False  # DRF's APIClient.force_authenticate (tests): signed in, unseen here
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _cacheable_view(request) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    if match.view_name in CACHED_VIEWS:
        return True
    return API_NAMESPACE in match.namespaces


def _has_messages(request) -> bool:
    if "messages" in request.COOKIES:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return bool(request.session.get("_messages"))
    return False


def normalised_query(query) -> str:
    return urlencode(sorted((k, v) for k in query for v in query.getlist(k) if v != ""))


def cache_key(request) -> str:
    parts = (
        request.path,
        normalised_query(request.GET),
        getattr(request, "LANGUAGE_CODE", ""),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        request.headers.get("Accept", ""),
        generation(),
    )
    return f"{KEY_PREFIX}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


# --- compressed once ---------------------------------------------------------------------
#
# Compressing a search page (a few hundred KB of facet checkboxes) was most of what serving
# it from the cache cost. A cached page is compressed once, in pieces cut at the CSRF
# placeholder, each a raw deflate stream ended by a full flush (which also empties the
# compressor's window: a piece never refers to bytes of another). Served, the pieces and the
# visitor's token (compressed alone) are joined into one gzip stream. Like Django's
# GZipMiddleware, the header carries a random-length name against BREACH; and the token,
# compressed on its own, cannot be guessed from the compressed size of the page around it.

_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_LEVEL = 6


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def deflated_parts(content: bytes) -> list[tuple[bytes, bytes, int]]:
    """(plain, deflated, plain's CRC-32) of each piece of ``content`` between placeholders."""
    return [
        (part, _deflate(part), zlib.crc32(part))
        for part in content.split(_CSRF_PLACEHOLDER.encode())
    ]


def gzip_with_token(parts: list[tuple[bytes, bytes, int]], token: bytes) -> bytes:
    """One gzip stream of the pieces with ``token`` where each placeholder was."""
    name = secrets.token_hex(secrets.randbelow(50) + 1).encode()
    out = [b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff", name, b"\x00"]
    deflated_token = _deflate(token) if len(parts) > 1 else b""
    crc, size = 0, 0
    for i, (plain, deflated, _crc) in enumerate(parts):
        if i:
            out.append(deflated_token)
            crc = zlib.crc32(token, crc)
            size += len(token)
        out.append(deflated)
        crc = zlib.crc32(plain, crc)
        size += len(plain)
    out.append(b"\x03\x00")  # the last, empty block
    out.append(struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))
    return b"".join(out)


# --- one build per answer ----------------------------------------------------------------
#
# A write makes every cached answer stale at once, and on a busy day the next readers of a
# popular page arrive together: each would build the same page (a search over the whole
# registry takes up to a second of the database), and twenty such builds slowed every
# answer of the minute. The first reader marks the answer as being built; the others wait
# for it (NRTD_PUBLIC_CACHE_WAIT at most) and are served the stored answer. With a publish
# every 2 s under 20 readers over 250,000 recommendations (bench_portal.py, Redis), the p95
# fell from 291 ms to 45-60 ms and the throughput rose from 411 to 675-853 requests/s.

# How long the mark lasts if its request dies before removing it.
BUILDING_SECONDS = 60
_POLL_SECONDS = 0.02


def _once_built(key: str, building: str) -> dict | None:
    """The answer stored under ``key`` by the request building it, once it is there; None
    when that request stored nothing (an answer that is not kept, an error) or took longer
    than NRTD_PUBLIC_CACHE_WAIT: the caller then builds its own."""
    deadline = time.monotonic() + settings.NRTD_PUBLIC_CACHE_WAIT
    while time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS)
        stored = cache.get(key)
        if stored is not None:
            return stored
        if cache.get(building) is None:
            return cache.get(key)
    return None


# --- the middleware ---------------------------------------------------------------------


def _within_api_rate(request) -> bool:
    """An anonymous API answer from the cache still counts against the caller's rate (the
    API's own AnonThrottle); over it, the view answers (429, in the API's error shape)."""
    if API_NAMESPACE not in request.resolver_match.namespaces:
        return True
    from nrtd.api import AnonThrottle

    return AnonThrottle().allow_request(request, None)


def _etag_matches(request, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    if not wanted:
        return False
    if wanted.strip() == "*":
        return True
    tags = {t.strip().removeprefix("W/") for t in wanted.split(",")}
    return etag in tags


def _without_csrf(request, content: bytes) -> bytes | None:
    """The page with this visitor's CSRF tokens replaced by the placeholder; None when it
    holds a token that is not this visitor's (then it is not stored)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def replace(match):
        token = match.group(0).decode()
        if _unmask_cipher_token(token) == secret:
            return _CSRF_PLACEHOLDER.encode()
        return match.group(0)

    return _TOKEN.sub(replace, content)


def _headers_for(request, response, etag: str) -> None:
    response["ETag"] = etag
    patch_cache_control(response, max_age=settings.NRTD_PUBLIC_MAX_AGE, must_revalidate=True)
    # A shared cache must not hand a logged-in user or a token client the anonymous answer.
    patch_vary_headers(response, ("Cookie", "Authorization", "Accept-Language"))


class AnonymousCacheMiddleware:
    """Serve and store anonymous answers of the public pages and of the API (see above).
    Sits after the authentication, locale, CSRF and HTMX middleware (it reads what they
    decide), and before the clickjacking one, whose header a cached answer gets too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = is_public_request(request)
        token = public_read.set(public and settings.NRTD_PUBLIC_READS_ON_REPLICA)
        try:
            return self._respond(request, public)
        finally:
            public_read.reset(token)

    def _respond(self, request, public: bool):
        if not public:
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                # A logged-in page is for this user alone: no shared cache keeps it.
                patch_cache_control(response, private=True)
                patch_vary_headers(response, ("Cookie", "Authorization"))
            return response
        if not settings.NRTD_PUBLIC_CACHE_SECONDS or _has_messages(request):
            return self.get_response(request)
        # The URL is resolved here (Django resolves it again for the view; cheap).
        from django.urls import Resolver404, resolve

        try:
            request.resolver_match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not _cacheable_view(request):
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is None:
            building = f"{key}:building"
            if cache.add(building, 1, BUILDING_SECONDS):
                try:
                    return self._store(request, self.get_response(request), key)
                finally:
                    cache.delete(building)
            stored = _once_built(key, building)
        if stored is not None and _within_api_rate(request):
            return self._from_cache(request, stored)
        return self._store(request, self.get_response(request), key)

    def _from_cache(self, request, stored: dict):
        from django.http import HttpResponse, HttpResponseNotModified

        etag = stored["etag"]
        if _etag_matches(request, etag):
            response = HttpResponseNotModified()
        else:
            token = get_token(request).encode() if stored["csrf"] else b""
            if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
                response = HttpResponse(gzip_with_token(stored["parts"], token), status=200)
                response["Content-Encoding"] = "gzip"
            else:
                content = token.join(plain for plain, _deflated, _crc in stored["parts"])
                response = HttpResponse(content, status=200)
            patch_vary_headers(response, ("Accept-Encoding",))
            for header, value in stored["headers"].items():
                response[header] = value
        _headers_for(request, response, etag)
        response["X-Cache"] = "hit"
        return response

    def _store(self, request, response, key: str):
        # The view may have authenticated the caller itself (DRF sets request.user): then
        # the answer is theirs alone.
        if not is_public_request(request):
            patch_cache_control(response, private=True)
            return response
        if not self._storable(request, response):
            return response
        content = _without_csrf(request, response.content)
        etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
        headers = {
            h: response[h]
            for h in ("Content-Type", "Content-Language", "Content-Disposition")
            if response.has_header(h)
        }
        cache.set(
            key,
            {
                "etag": etag,
                "headers": headers,
                "csrf": _CSRF_PLACEHOLDER.encode() in content,
                # The page once: plain and compressed, in pieces around the CSRF token.
                "parts": deflated_parts(content),
            },
            settings.NRTD_PUBLIC_CACHE_SECONDS,
        )
        _headers_for(request, response, etag)
        response["X-Cache"] = "miss"
        if _etag_matches(request, etag):
            # Rendered for nothing, but the client's copy is current.
            from django.http import HttpResponseNotModified

            not_modified = HttpResponseNotModified()
            _headers_for(request, not_modified, etag)
            return not_modified
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        content_type = response.get("Content-Type", "")
        api = API_NAMESPACE in request.resolver_match.namespaces
        if api and not content_type.startswith("application/json"):
            return False
        if getattr(request, "_csp_nonce", None) is not None:
            return False  # the page carries this request's CSP nonce
        messages = getattr(request, "_messages", None)
        if messages is not None and (messages.used or messages._queued_messages):
            return False
        # A cookie of its own (a session, a language) makes it one visitor's answer.
        return all(name == settings.CSRF_COOKIE_NAME for name in response.cookies)
