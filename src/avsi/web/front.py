"""The ASGI layer in front of the app: security headers on every response and a cache of read responses.

The cache key is the database build (its generation), the path, the query string and the language cookie, so a
rebuild makes every entry stale at once and no response of an old build is served after the swap. Only GET
responses with status 200 and no `Cache-Control: no-store` are kept; the cache is bounded in entries and bytes.
A cache hit is answered here without entering the app at all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from avsi.web.db import Database
from avsi.web.i18n import COOKIE

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_SECURITY_NAMES = {name for name, _ in SECURITY_HEADERS}

CacheKey = tuple[int, str, bytes, str]
Entry = tuple[int, list[tuple[bytes, bytes]], bytes]


def _lang_cookie(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, val = part.strip().partition("=")
                if key == COOKIE:
                    return str(val[:8])
    return ""


class Front:
    """Security headers + response cache around an ASGI app serving one `Database`."""

    def __init__(self, app: ASGIApp, db: Database, max_entries: int = 4096, max_bytes: int = 256 * 2**20,
                 max_entry_bytes: int = 8 * 2**20) -> None:  # fmt: skip
        self.app, self.db = app, db
        self.max_entries, self.max_bytes, self.max_entry_bytes = max_entries, max_bytes, max_entry_bytes
        self._entries: OrderedDict[CacheKey, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _get(self, key: CacheKey) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def _put(self, key: CacheKey, entry: Entry) -> None:
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = entry
            self._bytes += len(entry[2])
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                _, old = self._entries.popitem(last=False)
                self._bytes -= len(old[2])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        snapshot = self.db.current()
        scope.setdefault("state", {})["snapshot"] = snapshot
        method = scope["method"]
        key: CacheKey | None = None
        if method in ("GET", "HEAD"):
            key = (snapshot.generation, scope["path"], scope.get("query_string", b""), _lang_cookie(scope))
            entry = self._get(key)
            if entry is not None:
                self.hits += 1
                status, headers, body = entry
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})
                return
            self.misses += 1
        start: Message = {}
        chunks: list[bytes] = []
        cacheable = key is not None and method == "GET"

        async def capture(message: Message) -> None:
            nonlocal cacheable
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _SECURITY_NAMES]
                headers += SECURITY_HEADERS
                message["headers"] = headers
                start.update(message)
                no_store = any(k.lower() == b"cache-control" and b"no-store" in v for k, v in headers)
                cacheable = cacheable and message["status"] == 200 and not no_store
            elif message["type"] == "http.response.body" and cacheable:
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > self.max_entry_bytes:
                    cacheable = False
                    chunks.clear()
                if not message.get("more_body", False) and cacheable and key is not None:
                    self._put(key, (start["status"], start["headers"], b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)
