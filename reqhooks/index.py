"""The online index client: what a package index says about a project's files.

Only ``--online`` runs import this module (through ``Context.index()``).  It reads the
simple repository API of the index pip would use, preferring the PEP 691 JSON form
(``application/vnd.pypi.simple.v1+json``) and falling back to the HTML form of PEP 503,
with ``data-requires-python`` (PEP 503) and ``data-yanked`` (PEP 592).

- Which index: the requirements file's own ``--index-url``/``--extra-index-url`` (callers
  pass them, see :meth:`IndexClient.index_urls`), else ``index-url`` from the settings,
  else ``PIP_INDEX_URL`` (with ``PIP_EXTRA_INDEX_URL``), else PyPI.
- Credentials come from the index URL or from the netrc file (``NETRC`` or ``~/.netrc``),
  are sent as HTTP Basic auth to that host only, and are never printed or cached: notes name
  the index without its userinfo (and pass through :func:`~reqhooks._mask.mask_secrets`),
  the cache is keyed by, and only ever holds, URLs without userinfo.
- Answers are cached on disk (:mod:`reqhooks._cache`) as long as ``Cache-Control`` allows,
  ten minutes when the server says nothing, and revalidated with ``ETag`` /
  ``Last-Modified``.
- Fetches run on a small pool of threads, all within one time budget for the whole run
  (``timeout``, 5 s by default).  Every operation on a socket is given only the time left,
  so the run ends when the budget does, and the worker threads are daemons, so that not
  even a DNS lookup that hangs can hold the process.
- On any failure the client adds one note per index, naming it and the reason, and answers
  None ("unknown", never "no files") for what it could not read: a rule then says nothing,
  and the commit is not blocked because the network is down.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time

from reqhooks._mask import mask_secrets
from reqhooks._names import canonical
from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    import http.client
    import queue
    import ssl
    from collections.abc import Iterable, Iterator, Sequence
    from email.message import Message
    from typing import IO, Final

    from reqhooks._cache import Cache, Entry, FileRow
    from reqhooks.model import LockFile, Option, Project, Requirement, RequirementsFile
    from reqhooks.settings import Settings

__all__ = ["PYPI", "IndexClient", "IndexFile", "file_version", "lock_indexes"]

PYPI: Final = "https://pypi.org/simple/"
JSON_TYPE: Final = "application/vnd.pypi.simple.v1+json"
HTML_TYPE: Final = "application/vnd.pypi.simple.v1+html"
ACCEPT: Final = f"{JSON_TYPE}, {HTML_TYPE};q=0.2, text/html;q=0.01"
#: Seconds an answer stays fresh when the server gives no caching headers.
DEFAULT_TTL: Final = 600.0
WORKERS: Final = 8
#: A progress line appears on a terminal when more project pages than this are fetched.
PROGRESS_AFTER: Final = 20
MAX_REDIRECTS: Final = 5
MAX_BODY: Final = 256 * 1024 * 1024
_CHUNK: Final = 256 * 1024
_LOOPBACK: Final = frozenset({"localhost", "127.0.0.1", "::1"})
_SDIST_SUFFIXES: Final = (
    ".tar.gz", ".tar.bz2", ".tar.xz", ".tar.Z", ".tar", ".tgz", ".tbz", ".txz", ".zip",
)  # fmt: skip


_setattr = object.__setattr__


class IndexFile(Frozen):
    """One file of a project on the index."""

    __slots__ = (
        "filename",
        "version",  # from the file name; None when it does not say
        "requires_python",  # PEP 440 specifier, as the index gives it
        "yanked",  # the reason ("" when yanked without one), None when not yanked
        "url",  # absolute, never with userinfo
    )

    filename: str
    version: str | None
    requires_python: str | None
    yanked: str | None
    url: str

    def __init__(
        self,
        filename: str,
        version: str | None,
        requires_python: str | None,
        yanked: str | None,
        url: str,
    ) -> None:
        _setattr(self, "filename", filename)
        _setattr(self, "version", version)
        _setattr(self, "requires_python", requires_python)
        _setattr(self, "yanked", yanked)
        _setattr(self, "url", url)


def file_version(filename: str, project: str) -> str | None:
    """The version a wheel's or sdist's file name states (None for other kinds of file)."""
    if filename.endswith(".whl"):
        parts = filename[:-4].split("-")
        return parts[1] if len(parts) in (5, 6) else None
    if filename.endswith(".egg"):
        parts = filename[:-4].split("-")
        return parts[1] if len(parts) >= 2 else None
    stem = next((filename[: -len(s)] for s in _SDIST_SUFFIXES if filename.endswith(s)), None)
    if stem is None:
        return None
    # An sdist's name part may itself hold hyphens (``zope-interface-5.0.tar.gz``): split
    # where the part before matches the project.
    want = canonical(project)
    for i, char in enumerate(stem):
        if char == "-" and canonical(stem[:i]) == want:
            return stem[i + 1 :] or None
    name, dash, version = stem.rpartition("-")
    return version if dash and name and version else None


# -- URLs and credentials --------------------------------------------------------------


def _without_userinfo(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    if "@" not in url:
        return url
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _base(url: str) -> str:
    """The index URL as a directory: no userinfo, query or fragment, one trailing slash."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(_without_userinfo(url.strip()))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


def _basic(user: str, password: str) -> str:
    import base64

    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def _url_auth(url: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url.strip())
    if parts.username is None and parts.password is None:
        return None
    return _basic(unquote(parts.username or ""), unquote(parts.password or ""))


class _Netrc:
    """Credentials by host from the netrc file pip and requests read (``NETRC`` or
    ``~/.netrc``; ``~/_netrc`` on Windows), parsed once, on first need."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parsed: object = None
        self._loaded = False

    def auth(self, host: str | None) -> str | None:
        if not host:
            return None
        with self._lock:
            if not self._loaded:
                self._loaded = True
                self._parsed = self._load()
        rc = self._parsed
        if rc is None:
            return None
        import netrc

        assert isinstance(rc, netrc.netrc)
        found = rc.authenticators(host)
        if not found:
            return None
        login, account, password = found
        if not login and not password:
            return None
        return _basic(login or account or "", password or "")

    @staticmethod
    def _load() -> object:
        import netrc

        path = os.environ.get("NETRC")
        if not path:
            home = os.path.expanduser("~")
            names = (".netrc", "_netrc") if sys.platform == "win32" else (".netrc",)
            path = next((p for n in names if os.path.isfile(p := os.path.join(home, n))), None)
        if not path or not os.path.isfile(path):
            return None
        try:
            return netrc.netrc(path)
        except (OSError, netrc.NetrcParseError, UnicodeDecodeError):
            return None


# -- caching headers -------------------------------------------------------------------


def _freshness(headers: Message, default: float) -> tuple[bool, float, float]:
    """(may store, seconds fresh, age in seconds) for an answer with ``headers``."""
    directives: dict[str, str] = {}
    for value in headers.get_all("Cache-Control") or ():
        for item in str(value).split(","):
            key, _, arg = item.strip().partition("=")
            if key:
                directives[key.strip().lower()] = arg.strip().strip('"')
    store = "no-store" not in directives
    fresh_for = default
    if "no-cache" in directives:
        fresh_for = 0.0
    elif "max-age" in directives:
        fresh_for = _seconds(directives["max-age"], default)
    elif headers.get("Expires"):
        fresh_for = _expires(headers, default)
    age = _seconds(str(headers.get("Age") or ""), 0.0)
    return store, fresh_for, age


def _seconds(text: str, default: float) -> float:
    try:
        return max(0.0, float(int(text)))
    except ValueError:
        return default


def _expires(headers: Message, default: float) -> float:
    from email.utils import parsedate_to_datetime

    try:
        expires = parsedate_to_datetime(str(headers["Expires"]))
        date = parsedate_to_datetime(str(headers["Date"])) if headers.get("Date") else None
    except (TypeError, ValueError, IndexError):
        return 0.0  # "Expires: 0" and other invalid dates mean "already expired"
    if expires.tzinfo is None:
        return default
    now = date.timestamp() if date is not None and date.tzinfo is not None else time.time()
    return max(0.0, expires.timestamp() - now)


# -- parsing project pages -------------------------------------------------------------


class BadPage(Exception):
    """A project page that is not a simple API page (the message says why)."""


def parse_page(body: bytes, content_type: str, page_url: str, project: str) -> list[FileRow]:
    """The files a project page lists, as cache rows, with absolute URLs without userinfo."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in (JSON_TYPE, "application/json"):
        return _parse_json(body, page_url, project)
    if mime in (HTML_TYPE, "text/html", "application/xhtml+xml"):
        return _parse_html(body, content_type, page_url, project)
    if body.lstrip()[:1] == b"{":
        return _parse_json(body, page_url, project)
    if b"<" in body[:1024]:
        return _parse_html(body, content_type, page_url, project)
    raise BadPage(f"unexpected content type {mime or 'none'!r}")


def _row(
    filename: str, href: str, rp: str | None, yanked: str | None, base: str, project: str
) -> FileRow:
    url = _without_userinfo(_join(base, href))
    rp = rp.strip() or None if rp is not None else None
    return (filename, file_version(filename, project), rp, yanked, url)


def _join(base: str, href: str) -> str:
    """``urljoin(base, href)``, without its cost for the two usual shapes of a file URL:
    absolute (PyPI), or absolute-path (``/packages/...``) on an index with an HTTP(S) base."""
    if href.startswith(("https://", "http://")):
        return href
    if (
        href.startswith("/")
        and not href.startswith("//")
        and base.startswith(("https://", "http://"))
    ):
        end = base.find("/", base.index("//") + 2)
        return (base if end < 0 else base[:end]) + href
    from urllib.parse import urljoin

    return urljoin(base, href)


def _parse_json(body: bytes, page_url: str, project: str) -> list[FileRow]:
    import json

    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as e:
        raise BadPage(f"invalid JSON ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise BadPage("invalid JSON: expected an object with a list of files")
    meta = data.get("meta")
    version = meta.get("api-version") if isinstance(meta, dict) else None
    if isinstance(version, str) and version.split(".", 1)[0] != "1":
        raise BadPage(f"unsupported simple API version {version}")
    rows = []
    for item in data["files"]:
        if not isinstance(item, dict):
            continue
        filename, href = item.get("filename"), item.get("url")
        if not isinstance(filename, str) or not isinstance(href, str):
            continue
        rp = item.get("requires-python")
        yanked = item.get("yanked", False)
        reason = "" if yanked is True else yanked if isinstance(yanked, str) else None
        rows.append(
            _row(filename, href, rp if isinstance(rp, str) else None, reason, page_url, project)
        )
    return rows


def _parse_html(body: bytes, content_type: str, page_url: str, project: str) -> list[FileRow]:
    from html.parser import HTMLParser
    from urllib.parse import unquote, urljoin, urlsplit

    charset = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    try:
        text = body.decode(charset.group(1) if charset else "utf-8", "replace")
    except LookupError:
        text = body.decode("utf-8", "replace")

    rows: list[FileRow] = []

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.base, self.based = page_url, False
            self.anchor: dict[str, str | None] | None = None
            self.label: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "base" and not self.based:
                href = dict(attrs).get("href")
                if href:
                    self.base, self.based = urljoin(page_url, href), True
            elif tag == "a":
                self.finish()
                self.anchor, self.label = dict(attrs), []

        def handle_data(self, data: str) -> None:
            if self.anchor is not None:
                self.label.append(data)

        def handle_endtag(self, tag: str) -> None:
            if tag == "a":
                self.finish()

        def finish(self) -> None:
            anchor, self.anchor = self.anchor, None
            if anchor is None or not anchor.get("href"):
                return
            href = str(anchor["href"])
            filename = "".join(self.label).strip()
            if not filename:
                filename = unquote(urlsplit(href).path.rpartition("/")[2])
            yanked = anchor["data-yanked"] or "" if "data-yanked" in anchor else None
            rp = anchor.get("data-requires-python")
            rows.append(_row(filename, href, rp, yanked, self.base, project))

    parser = Links()
    parser.feed(text)
    parser.close()
    parser.finish()
    return rows


# -- which index a locked package comes from ----------------------------------------------

_VAR: Final = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def lock_indexes(lock: LockFile) -> dict[tuple[str, str], tuple[str, ...]]:
    """(canonical name, version) -> the indexes the lock says the package comes from: uv.lock
    ``source.registry``, a poetry.lock ``legacy`` source, pylock.toml ``index``, Pipfile.lock
    ``index`` (or else every one of its ``_meta.sources``).  Packages it does not list come
    from the default indexes."""
    data = lock.data if isinstance(lock.data, dict) else {}
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    if lock.kind in ("uv", "poetry", "pylock"):
        entries = data.get("packages" if lock.kind == "pylock" else "package")
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, dict):
                continue
            name, version, source = entry.get("name"), entry.get("version"), entry.get("source")
            if not isinstance(name, str) or not isinstance(version, str):
                continue
            url: object = None
            if lock.kind == "uv" and isinstance(source, dict):
                url = source.get("registry")
            elif (
                lock.kind == "poetry"
                and isinstance(source, dict)
                and source.get("type") == "legacy"
            ):
                url = source.get("url")
            elif lock.kind == "pylock":
                url = entry.get("index")
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                out[(canonical(name), version)] = (url,)
    elif lock.kind == "pipfile":
        meta = data.get("_meta")
        sources = meta.get("sources") if isinstance(meta, dict) else None
        named: dict[str, str] = {}
        for source in sources if isinstance(sources, list) else ():
            if isinstance(source, dict) and isinstance(source.get("url"), str):
                named.setdefault(str(source.get("name")), _expand(source["url"]))
        everywhere = tuple(named.values())
        for category, packages in data.items():
            if category == "_meta" or not isinstance(packages, dict):
                continue
            for name, entry in packages.items():
                if not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
                    continue
                version = str(entry["version"]).lstrip("=").strip()
                wanted = entry.get("index")
                urls = (
                    (named[wanted],) if isinstance(wanted, str) and wanted in named else everywhere
                )
                if urls:
                    out[(canonical(name), version)] = urls
    return out


def _expand(url: str) -> str:
    """pipenv's ``${VAR}`` in source URLs (left as written when the variable is unset)."""
    return _VAR.sub(lambda m: os.environ.get(m.group(1), m.group(0)), url)


# -- HTTP ------------------------------------------------------------------------------


class _OutOfTime(Exception):
    """The run's time budget is spent."""


class _Response(Frozen):
    __slots__ = (
        "status",
        "reason",
        "headers",
        "body",
        "url",  # after redirects, without userinfo
    )

    status: int
    reason: str
    headers: Message
    body: bytes
    url: str

    def __init__(self, status: int, reason: str, headers: Message, body: bytes, url: str) -> None:
        _setattr(self, "status", status)
        _setattr(self, "reason", reason)
        _setattr(self, "headers", headers)
        _setattr(self, "body", body)
        _setattr(self, "url", url)


class _Http:
    """One worker's connections (kept alive per host), every operation within the deadline."""

    def __init__(self, client: IndexClient, deadline: float) -> None:
        self.client = client
        self.deadline = deadline
        self.connections: dict[tuple[str, str, int], http.client.HTTPConnection] = {}

    def close(self) -> None:
        for conn in self.connections.values():
            self.client._forget(conn)
            conn.close()
        self.connections.clear()

    def _arm(self, conn: http.client.HTTPConnection) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _OutOfTime
        conn.timeout = left
        if conn.sock is not None:
            conn.sock.settimeout(left)

    def _connection(
        self, scheme: str, host: str, port: int
    ) -> tuple[http.client.HTTPConnection, bool, bool]:
        """(connection, reused, via an http proxy that wants absolute URLs)."""
        import http.client

        key = (scheme, host, port)
        conn = self.connections.get(key)
        proxy = self.client._proxy(scheme, host)
        if conn is not None:
            return conn, True, proxy is not None and scheme == "http"
        if scheme == "https":
            context = self.client._tls()
            if proxy is not None:
                conn = http.client.HTTPSConnection(proxy[0], proxy[1], context=context)
                conn.set_tunnel(host, port, headers=proxy[2])
            else:
                conn = http.client.HTTPSConnection(host, port, context=context)
        else:
            conn = http.client.HTTPConnection(*(proxy[:2] if proxy else (host, port)))
        self.connections[key] = conn
        self.client._remember(conn)
        return conn, False, proxy is not None and scheme == "http"

    def _drop(self, key: tuple[str, str, int]) -> None:
        conn = self.connections.pop(key, None)
        if conn is not None:
            self.client._forget(conn)
            conn.close()

    def get(self, url: str, headers: dict[str, str]) -> _Response:
        import http.client
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"unsupported URL scheme {scheme!r}")
        host = parts.hostname
        port = parts.port or (443 if scheme == "https" else 80)
        key = (scheme, host, port)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        for attempt in (0, 1):
            conn, reused, absolute = self._connection(scheme, host, port)
            target = url if absolute else path
            proxy_auth = self.client._proxy(scheme, host) if absolute else None
            extra = dict(proxy_auth[2]) if proxy_auth else {}
            try:
                self._arm(conn)
                conn.request("GET", target, headers={**headers, **extra})
                self._arm(conn)
                response = conn.getresponse()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self._drop(key)
                if reused and attempt == 0:
                    continue  # a kept-alive connection the server had closed: once more, fresh
                raise
            except BaseException:
                self._drop(key)
                raise
            try:
                body = self._read(conn, response)
            except BaseException:
                self._drop(key)
                raise
            if response.will_close:
                self._drop(key)
            return _Response(response.status, response.reason, response.headers, body, url)
        raise AssertionError("unreachable")

    def _read(self, conn: http.client.HTTPConnection, response: http.client.HTTPResponse) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            self._arm(conn)
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_BODY:
                raise BadPage(f"answer larger than {MAX_BODY // (1024 * 1024)} MiB")
            chunks.append(chunk)
        # A response read to its end with read1() is not closed by it: close it, so that
        # the connection takes the next request.
        response.close()
        body = b"".join(chunks)
        encoding = str(response.headers.get("Content-Encoding") or "").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate"):
            import zlib

            try:
                wbits = 16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS
                body = zlib.decompress(body, wbits)
            except zlib.error as e:
                raise BadPage(f"corrupt {encoding} encoding ({e})") from None
        return body


# -- the client ------------------------------------------------------------------------


class _Index:
    """One index: its URL without credentials, its credentials, and whether it failed."""

    def __init__(self, url: str) -> None:
        from urllib.parse import urlsplit

        self.public = _base(url)
        self.host = urlsplit(self.public).hostname
        self.url_auth = _url_auth(url)
        self.failed = False  # set on a failure that makes every further request pointless
        self.noted = False  # its note has been given

    def page(self, name: str) -> str:
        return f"{self.public}{canonical(name)}/"


class _Job(Frozen):
    __slots__ = (
        "index",
        "name",  # canonical
        "page",
        "cached",  # a stale entry to revalidate (or to fall back on)
    )

    index: _Index
    name: str
    page: str
    cached: Entry | None

    def __init__(self, index: _Index, name: str, page: str, cached: Entry | None) -> None:
        _setattr(self, "index", index)
        _setattr(self, "name", name)
        _setattr(self, "page", page)
        _setattr(self, "cached", cached)


class _Outcome(Frozen):
    __slots__ = (
        "files",
        "failure",
        "fatal",  # the index as a whole cannot be used (refused, DNS, auth, budget)
        "requests",
    )

    files: tuple[IndexFile, ...] | None
    failure: str | None
    fatal: bool
    requests: int

    def __init__(
        self,
        files: tuple[IndexFile, ...] | None,
        failure: str | None = None,
        fatal: bool = False,
        requests: int = 0,
    ) -> None:
        _setattr(self, "files", files)
        _setattr(self, "failure", failure)
        _setattr(self, "fatal", fatal)
        _setattr(self, "requests", requests)


class IndexClient:
    """Files of projects on the package index, cached and fetched concurrently.

    ``files(name)`` answers a list of :class:`IndexFile` (empty when the index does not
    know the project) or None when it cannot say (offline, a failure, the budget spent).
    ``prefetch(names)`` fetches many at once: call it first with every name a check will ask
    about.  Satisfies ``reqhooks.rules.python.PackageIndex`` through :meth:`project_files`.
    """

    def __init__(
        self,
        index_url: str | None = None,
        extra_index_urls: Sequence[str] = (),
        *,
        notes: list[str] | None = None,
        timeout: float = 5.0,
        cache: Cache | None = None,
        enabled: bool = True,
        workers: int = WORKERS,
        progress: IO[str] | None = None,
    ) -> None:
        self.index_url = index_url or PYPI
        self.extra_index_urls = tuple(extra_index_urls)
        self.notes: list[str] = notes if notes is not None else []
        self.timeout = timeout
        self.cache = cache
        self.enabled = enabled
        self.workers = max(1, workers)
        self.progress = progress
        #: HTTP requests made (redirects and revalidations included).
        self.requests = 0
        self._indexes: dict[str, _Index] = {}
        self._memo: dict[tuple[str, str], tuple[IndexFile, ...] | None] = {}
        self._deadline: float | None = None
        self._netrc = _Netrc()
        self._live: set[http.client.HTTPConnection] = set()
        self._live_lock = threading.Lock()
        self._proxies: dict[str, str] | None = None
        self._context: object = None
        self._setup_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, notes: list[str]) -> IndexClient:
        """The client for a run: the index pip would use, the user's cache, the budget."""
        from reqhooks._cache import Cache, cache_dir

        index_url = settings.index_url or os.environ.get("PIP_INDEX_URL") or None
        extras = os.environ.get("PIP_EXTRA_INDEX_URL", "").split()
        return cls(
            index_url,
            extras,
            notes=notes,
            timeout=settings.timeout,
            cache=Cache(cache_dir()),
            enabled=settings.online,
            progress=sys.stderr,
        )

    # -- which indexes -------------------------------------------------------------------

    def index_urls(self, options: Iterable[Option] = ()) -> tuple[str, ...]:
        """The indexes pip would read for a requirements file with these options.

        The file's ``--index-url`` replaces the default one and its ``--extra-index-url``
        values add to it; ``--no-index`` means none at all.
        """
        primary: str | None = None
        extras: list[str] = []
        for option in options:
            if option.name == "--no-index":
                return ()
            if option.name == "--index-url" and option.value:
                primary = option.value
            elif option.name == "--extra-index-url" and option.value:
                extras.append(option.value)
        urls = [primary or self.index_url, *extras, *self.extra_index_urls]
        return tuple(dict.fromkeys(urls))

    def requirement_indexes(
        self, project: Project
    ) -> Iterator[tuple[Requirement, tuple[str, ...] | None]]:
        """Every requirement of ``project`` with the indexes pip would install it from: for
        a requirements file, its own options and those of the files that include it (pip
        reads them as one); None (the default indexes) for the other declarations."""
        by_path = {rf.doc.path: rf for rf in project.requirement_files}
        in_files: set[int] = set()
        for rf in project.requirement_files:
            chain: list[RequirementsFile] = []
            current: RequirementsFile | None = rf
            while current is not None and all(f is not current for f in chain):
                chain.append(current)
                parent = current.included_by
                current = by_path.get(parent) if parent is not None else None
            urls = self.index_urls(o for f in reversed(chain) for o in f.options)
            for req in rf.requirements:
                in_files.add(id(req))
                yield req, urls
        for req in project.all_requirements():
            if id(req) not in in_files:
                yield req, None

    def _resolve(self, index_urls: Sequence[str] | None) -> list[_Index]:
        urls = self.index_urls() if index_urls is None else index_urls
        out: list[_Index] = []
        for url in urls:
            index = self._indexes.get(url)
            if index is None:
                index = self._indexes[url] = _Index(url)
            if index not in out:
                out.append(index)
        return out

    # -- answers -------------------------------------------------------------------------

    def files(self, name: str, index_urls: Sequence[str] | None = None) -> list[IndexFile] | None:
        """Every file of project ``name`` on the indexes (merged in order), or None when
        one of them cannot say."""
        if not self.enabled:
            return None
        indexes = self._resolve(index_urls)
        if not indexes:
            return None
        key = canonical(name)
        if any((index.public, key) not in self._memo for index in indexes):
            self._fetch_all(indexes, [key])
        merged: dict[str, IndexFile] = {}
        for index in indexes:
            found = self._memo.get((index.public, key))
            if found is None:
                return None
            for f in found:
                merged.setdefault(f.filename, f)
        return list(merged.values())

    def project_files(
        self, name: str, index_urls: Sequence[str] | None = None
    ) -> list[IndexFile] | None:
        """:meth:`files`, under the name ``reqhooks.rules.python`` asks for."""
        return self.files(name, index_urls)

    def prefetch(self, names: Iterable[str], index_urls: Sequence[str] | None = None) -> None:
        """Fetch every name's page (that is not known yet) concurrently."""
        if not self.enabled:
            return
        indexes = self._resolve(index_urls)
        if indexes:
            self._fetch_all(indexes, list(dict.fromkeys(canonical(n) for n in names)))

    def _fetch_all(self, indexes: list[_Index], names: list[str]) -> None:
        now = time.time()
        jobs: list[_Job] = []
        for index in indexes:
            for name in names:
                key = (index.public, name)
                if key in self._memo:
                    continue
                page = index.page(name)
                entry = self.cache.get(page) if self.cache is not None else None
                if entry is not None and entry.fresh(now):
                    self._memo[key] = _from_entry(entry)
                    continue
                if index.failed or self._spent():
                    self._memo[key] = _from_entry(entry) if entry is not None else None
                    if not index.failed:
                        self._give_up(index)
                    continue
                jobs.append(_Job(index, name, page, entry))
        if jobs:
            self._run(jobs)

    def _spent(self) -> bool:
        return self._deadline is not None and time.monotonic() >= self._deadline

    def _give_up(self, index: _Index) -> None:
        index.failed = True
        self._note(index, f"no answer within the time budget of {self.timeout:g} s (timeout)")

    def _note(self, index: _Index, reason: str) -> None:
        if index.noted:
            return
        index.noted = True
        self.notes.append(
            mask_secrets(
                f"cannot read the index {index.public}: {reason}; "
                "packages it did not answer are not checked"
            )
        )

    def _settle(self, job: _Job, outcome: _Outcome) -> None:
        self.requests += outcome.requests
        files = outcome.files
        if files is None and job.cached is not None:
            files = _from_entry(job.cached)  # stale, but better than nothing
        self._memo[(job.index.public, job.name)] = files
        if outcome.failure is not None:
            if outcome.fatal:
                job.index.failed = True
            self._note(job.index, outcome.failure)

    # -- the pool --------------------------------------------------------------------------

    def _run(self, jobs: list[_Job]) -> None:
        import queue

        if self._deadline is None:
            self._deadline = time.monotonic() + self.timeout
        deadline = self._deadline
        todo: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        done: queue.SimpleQueue[tuple[_Job, _Outcome]] = queue.SimpleQueue()
        for job in jobs:
            todo.put(job)
        workers = min(self.workers, len(jobs))
        for _ in range(workers):
            todo.put(None)
        for n in range(workers):
            threading.Thread(
                target=self._work,
                args=(todo, done, deadline),
                name=f"reqhooks-index-{n}",
                daemon=True,
            ).start()
        progress = _Progress(self.progress, len(jobs))
        pending = {id(job): job for job in jobs}
        try:
            while pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    job, outcome = done.get(timeout=left)
                except queue.Empty:
                    break
                pending.pop(id(job), None)
                self._settle(job, outcome)
                progress.step()
        finally:
            progress.close()
        if pending:
            # The budget is spent: cut the stragglers' connections so that they stop now.
            self._abort()
            for job in pending.values():
                self._memo[(job.index.public, job.name)] = (
                    _from_entry(job.cached) if job.cached is not None else None
                )
                self._give_up(job.index)

    def _work(
        self,
        todo: queue.SimpleQueue[_Job | None],
        done: queue.SimpleQueue[tuple[_Job, _Outcome]],
        deadline: float,
    ) -> None:
        session = _Http(self, deadline)
        try:
            while (job := todo.get()) is not None:
                if job.index.failed or time.monotonic() >= deadline:
                    done.put((job, _Outcome(None)))
                    continue
                try:
                    outcome = self._fetch(session, job)
                except Exception as e:  # noqa: BLE001 - a note, never a crash of the run
                    outcome = _Outcome(None, f"unexpected error: {type(e).__name__}: {e}")
                if outcome.fatal:
                    job.index.failed = True  # the other workers stop asking it now
                done.put((job, outcome))
        finally:
            session.close()

    def _remember(self, conn: http.client.HTTPConnection) -> None:
        with self._live_lock:
            self._live.add(conn)

    def _forget(self, conn: http.client.HTTPConnection) -> None:
        with self._live_lock:
            self._live.discard(conn)

    def _abort(self) -> None:
        import socket

        with self._live_lock:
            live = list(self._live)
        for conn in live:
            sock = conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    # -- one page ------------------------------------------------------------------------

    def _fetch(self, session: _Http, job: _Job) -> _Outcome:
        import http.client
        import socket
        import ssl

        requests = 0
        try:
            response, requests = self._get(session, job)
            return self._answer(job, response, requests)
        except _OutOfTime:
            reason, fatal = (
                f"no answer within the time budget of {self.timeout:g} s (timeout)",
                True,
            )
        except TimeoutError:
            reason, fatal = (
                f"no answer within the time budget of {self.timeout:g} s (timeout)",
                True,
            )
        except socket.gaierror:
            reason, fatal = f"cannot resolve the host name {job.index.host}", True
        except ConnectionRefusedError:
            reason, fatal = "connection refused", True
        except ssl.SSLError as e:
            reason, fatal = f"TLS error: {getattr(e, 'reason', None) or e}", True
        except (
            http.client.RemoteDisconnected,
            ConnectionResetError,
            BrokenPipeError,
            http.client.IncompleteRead,
        ):
            reason, fatal = "the server closed the connection without an answer", False
        except http.client.HTTPException as e:
            reason, fatal = f"invalid HTTP answer for {job.name} ({type(e).__name__})", False
        except BadPage as e:
            reason, fatal = f"{e} for {job.name}", False
        except _TooManyRedirects:
            reason, fatal = f"more than {MAX_REDIRECTS} redirects for {job.name}", False
        except ValueError as e:
            reason, fatal = str(e), True
        except OSError as e:
            reason, fatal = e.strerror or str(e) or type(e).__name__, True
        return _Outcome(None, reason, fatal, requests + 1)

    def _get(self, session: _Http, job: _Job) -> tuple[_Response, int]:
        from urllib.parse import urljoin, urlsplit

        url = job.page
        headers = {
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip",
            "User-Agent": _user_agent(),
        }
        if job.cached is not None and job.cached.etag:
            headers["If-None-Match"] = job.cached.etag
        if job.cached is not None and job.cached.last_modified:
            headers["If-Modified-Since"] = job.cached.last_modified
        for hop in range(MAX_REDIRECTS + 1):
            host = urlsplit(url).hostname
            auth = job.index.url_auth if host == job.index.host else None
            auth = auth or self._netrc.auth(host)
            sent = dict(headers)
            if auth:
                sent["Authorization"] = auth
            response = session.get(url, sent)
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                url = _without_userinfo(urljoin(url, str(response.headers["Location"])))
                continue
            return response, hop + 1
        raise _TooManyRedirects

    def _answer(self, job: _Job, response: _Response, requests: int) -> _Outcome:
        from reqhooks._cache import Entry

        status = response.status
        if status in (401, 403):
            sent = job.index.url_auth is not None or self._netrc.auth(job.index.host) is not None
            hint = (
                "the credentials were refused"
                if sent
                else "no credentials for it in the index URL or the netrc file"
            )
            return _Outcome(None, f"HTTP {status} {response.reason}: {hint}", True, requests)
        store, fresh_for, age = _freshness(response.headers, DEFAULT_TTL)
        stored = time.time() - age
        entry: Entry | None = None
        if status == 304 and job.cached is not None:
            if not response.headers.get("Cache-Control") and not response.headers.get("Expires"):
                fresh_for = job.cached.fresh_for  # the stored answer's own freshness holds
            entry = job.cached.revalidated(stored, fresh_for)
        elif status == 200:
            content_type = str(response.headers.get("Content-Type") or "")
            rows = parse_page(response.body, content_type, response.url, job.name)
            entry = Entry(
                job.page,
                stored,
                fresh_for,
                200,
                tuple(rows),
                _header(response.headers, "ETag"),
                _header(response.headers, "Last-Modified"),
            )
        elif status in (404, 410):
            entry = Entry(job.page, stored, fresh_for, 404, ())
        else:
            return _Outcome(
                None, f"HTTP {status} {response.reason} for {job.name}", False, requests
            )
        if store and self.cache is not None:
            self.cache.put(entry)
        return _Outcome(_from_entry(entry), requests=requests)

    # -- the environment -----------------------------------------------------------------

    def _proxy(self, scheme: str, host: str) -> tuple[str, int, dict[str, str]] | None:
        """(host, port, headers) of the proxy for ``scheme://host``, from the environment."""
        import urllib.request
        from urllib.parse import unquote, urlsplit

        if host in _LOOPBACK:
            return None
        with self._setup_lock:
            if self._proxies is None:
                self._proxies = urllib.request.getproxies()
        proxy = self._proxies.get(scheme)
        if not proxy or urllib.request.proxy_bypass(host):
            return None
        parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        if not parts.hostname:
            return None
        headers = {}
        if parts.username is not None:
            headers["Proxy-Authorization"] = _basic(
                unquote(parts.username), unquote(parts.password or "")
            )
        return parts.hostname, parts.port or 80, headers

    def _tls(self) -> ssl.SSLContext:
        import ssl

        with self._setup_lock:
            if not isinstance(self._context, ssl.SSLContext):
                bundle = os.environ.get("PIP_CERT") or os.environ.get("REQUESTS_CA_BUNDLE")
                self._context = ssl.create_default_context(
                    cafile=bundle if bundle and os.path.isfile(bundle) else None,
                    capath=bundle if bundle and os.path.isdir(bundle) else None,
                )
            return self._context


class _TooManyRedirects(Exception):
    pass


class _Progress:
    """``reqhooks: reading the package index 12/300`` on a terminal, for long fetches."""

    def __init__(self, stream: IO[str] | None, total: int) -> None:
        self.total = total
        self.done = 0
        self.last = 0.0
        self.stream = None
        if stream is not None and total > PROGRESS_AFTER:
            try:
                if stream.isatty():
                    self.stream = stream
            except (AttributeError, ValueError, OSError):
                pass

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.stream is not None and (now - self.last > 0.1 or self.done == self.total):
            self.last = now
            self.stream.write(f"\rreqhooks: reading the package index {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.stream is not None and self.last:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _header(headers: Message, name: str) -> str | None:
    value = headers.get(name)
    return str(value) if value else None


def _from_entry(entry: Entry) -> tuple[IndexFile, ...]:
    return tuple(IndexFile(*row) for row in entry.files)


def _user_agent() -> str:
    from reqhooks import __version__

    return f"reqhooks/{__version__}"
