"""The online index client against a real HTTP server on 127.0.0.1, and PIN006.

Every test that talks HTTP gets its own server (``http.server`` in a thread, an ephemeral
port, shut down at the end of the test) serving the project pages in
``tests/fixtures/index/simple``: ``<name>.json`` (PEP 691) or ``<name>.html`` (PEP 503).
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reqhooks._cache import Cache, Entry, cache_dir
from reqhooks.cli import main
from reqhooks.index import IndexClient, IndexFile, file_version, parse_page
from reqhooks.rules._yanked import yank_reason
from tests.conftest import FIXTURES, write

if TYPE_CHECKING:
    from reqhooks.rules.python import PackageIndex

PAGES = FIXTURES / "index" / "simple"
JSON_TYPE = "application/vnd.pypi.simple.v1+json"
REPO = Path(__file__).resolve().parent.parent


# -- the server ------------------------------------------------------------------------


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    port: int  # the client's: one per connection
    status: int = 0


@dataclass
class State:
    """What the server serves, and what it saw."""

    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (type, body)
    html_only: bool = False  # serve text/html whatever the client accepts
    cache_control: str | None = None
    credentials: tuple[str, str] | None = None  # required Basic credentials
    delay: float = 0.0
    drop: bool = False  # close every connection without answering
    status: int | None = None  # answer every request with this status
    redirect: str | None = None  # answer /old/... with a redirect to this URL + the rest
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def page(self, name: str, accept: str) -> tuple[str, bytes] | None:
        if name in self.pages:
            return self.pages[name]
        json_page, html_page = PAGES / f"{name}.json", PAGES / f"{name}.html"
        if json_page.is_file() and JSON_TYPE in accept and not self.html_only:
            return JSON_TYPE, json_page.read_bytes()
        if html_page.is_file():
            return "text/html; charset=utf-8", html_page.read_bytes()
        return None

    def requests(self, prefix: str = "/") -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if s.path.startswith(prefix)]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real indexes
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall between
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server.state
        seen = Seen(self.path, dict(self.headers.items()), self.client_address[1])
        with state.lock:
            state.seen.append(seen)
        if state.drop:
            self.close_connection = True
            return
        if state.delay and state.stop.wait(state.delay):
            self.close_connection = True
            return
        if state.credentials is not None:
            user, password = state.credentials
            expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                self.answer(seen, 401, b"Unauthorized", {"WWW-Authenticate": 'Basic realm="index"'})
                return
        if state.redirect is not None and self.path.startswith("/old/"):
            target = state.redirect + self.path[len("/old/") :]
            self.answer(seen, 301, b"", {"Location": target})
            return
        if state.status is not None:
            self.answer(seen, state.status, b"Service Unavailable")
            return
        parts = self.path.strip("/").split("/")
        page = state.page(parts[1], self.headers.get("Accept", "")) if len(parts) == 2 else None
        if page is None:
            self.answer(seen, 404, b"Not Found")
            return
        content_type, body = page
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"Content-Type": content_type, "ETag": etag}
        if state.cache_control is not None:
            headers["Cache-Control"] = state.cache_control
        if self.headers.get("If-None-Match") == etag:
            self.answer(seen, 304, b"", headers)
            return
        self.answer(seen, 200, body, headers)

    def answer(
        self, seen: Seen, status: int, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        seen.status = status
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients connect at once in the concurrency tests

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = State()
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up (the budget tests) are expected here

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, userinfo: str = "", host: str = "127.0.0.1") -> str:
        return f"http://{userinfo}{host}:{self.port}/simple/"


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.state.stop.set()
        srv.shutdown()
        srv.server_close()
        srv.thread.join(5)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of its own, no proxy, no PIP_* index and no netrc from the machine."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(cache))
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("PIP_INDEX_URL", raising=False)
    monkeypatch.delenv("PIP_EXTRA_INDEX_URL", raising=False)
    return cache


def client(url: str, **kwargs: object) -> IndexClient:
    return IndexClient(url, notes=[], cache=Cache(cache_dir()), **kwargs)  # type: ignore[arg-type]


def cache_bytes() -> bytes:
    root = cache_dir()
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


# -- reading pages ---------------------------------------------------------------------


def test_json_page(server: Server) -> None:
    c = client(server.url())
    files = c.files("Requests")
    assert files is not None
    base = f"http://127.0.0.1:{server.port}"
    assert files[:3] == [
        IndexFile(
            "requests-2.31.0-py3-none-any.whl",
            "2.31.0",
            ">=3.7",
            None,
            f"{base}/files/requests-2.31.0-py3-none-any.whl",
        ),
        IndexFile(
            "requests-2.32.0-py3-none-any.whl",
            "2.32.0",
            ">=3.8",
            "Yanked due to conflicts with CVE-2024-35195 mitigation",
            f"{base}/files/requests-2.32.0-py3-none-any.whl",
        ),
        IndexFile(
            "requests-2.32.0.tar.gz",
            "2.32.0",
            ">=3.8",
            "Yanked due to conflicts with CVE-2024-35195 mitigation",
            f"{base}/files/requests-2.32.0.tar.gz",
        ),
    ]
    assert files[4].url == "https://files.example.org/packages/requests-2.32.3.tar.gz"
    assert files[4].yanked is None
    (seen,) = server.state.requests()
    assert seen.path == "/simple/requests/"
    assert seen.headers["Accept"].startswith("application/vnd.pypi.simple.v1+json")
    assert c.notes == []


def test_html_page(server: Server) -> None:
    server.state.html_only = True
    files = client(server.url()).files("flask")
    assert files is not None
    assert [(f.filename, f.version, f.requires_python, f.yanked) for f in files] == [
        ("flask-3.0.0-py3-none-any.whl", "3.0.0", ">=3.8", None),
        ("flask-3.0.1-py3-none-any.whl", "3.0.1", ">=3.8", ""),
        ("flask-3.0.1.tar.gz", "3.0.1", ">=3.8", ""),
        ("flask-3.1.0-py3-none-any.whl", "3.1.0", ">=3.9", None),
    ]
    assert files[0].url.startswith(
        f"http://127.0.0.1:{server.port}/files/flask-3.0.0-py3-none-any.whl#sha256="
    )


def test_unknown_project_is_no_files_and_is_cached(server: Server) -> None:
    assert client(server.url()).files("no-such-project") == []
    assert client(server.url()).files("no-such-project") == []
    assert [s.status for s in server.state.requests()] == [404]


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        pytest.param(
            b'{"meta": {"api-version": "1.0"}, "files": [{"filename": "a-1.0.tar.gz", "url": "a-1.0.tar.gz", "hashes": {}, "yanked": true}]}',
            JSON_TYPE,
            [("a-1.0.tar.gz", "1.0", None, "", "https://i.example/simple/a/a-1.0.tar.gz")],
            id="json yanked true is yanked without a reason, relative url joins the page",
        ),
        pytest.param(
            b'{"meta": {"api-version": "1.0"}, "files": [{"filename": "a-1.0.tar.gz", "url": "https://u:p@files.example/a-1.0.tar.gz", "hashes": {}, "requires-python": " >=3.9 "}]}',
            "application/json",
            [("a-1.0.tar.gz", "1.0", ">=3.9", None, "https://files.example/a-1.0.tar.gz")],
            id="credentials in a file url are dropped",
        ),
        pytest.param(
            b'<html><head><base href="https://cdn.example/p/"></head><body><a href="a-2.0-py3-none-any.whl" data-requires-python="&lt;4,&gt;=3.8" data-yanked="bad &quot;build&quot;">a-2.0-py3-none-any.whl</a></body></html>',
            "text/html",
            [
                (
                    "a-2.0-py3-none-any.whl",
                    "2.0",
                    "<4,>=3.8",
                    'bad "build"',
                    "https://cdn.example/p/a-2.0-py3-none-any.whl",
                )
            ],
            id="html base tag, entities in attributes",
        ),
        pytest.param(
            b'<a href="/f/a-3.0.zip">',
            "text/html",
            [("a-3.0.zip", "3.0", None, None, "https://i.example/f/a-3.0.zip")],
            id="html anchor without text or end tag names the file from its url",
        ),
        pytest.param(
            b'{"files": [{"filename": 3}, "x", {"filename": "a-1.0.tar.gz"}]}',
            JSON_TYPE,
            [],
            id="json entries that are not files are skipped",
        ),
    ],
)
def test_parse_page(body: bytes, content_type: str, expected: list[tuple[str, ...]]) -> None:
    assert parse_page(body, content_type, "https://i.example/simple/a/", "a") == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            b'{"files": [',
            "invalid JSON (Expecting value: line 1 column 12 (char 11))",
            id="truncated",
        ),
        pytest.param(
            b'{"meta": {"api-version": "2.0"}, "files": []}',
            "unsupported simple API version 2.0",
            id="api v2",
        ),
        pytest.param(
            b"[]", "invalid JSON: expected an object with a list of files", id="not an object"
        ),
    ],
)
def test_parse_page_rejects(body: bytes, message: str) -> None:
    from reqhooks.index import BadPage

    with pytest.raises(BadPage) as info:
        parse_page(body, JSON_TYPE, "https://i.example/simple/a/", "a")
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("filename", "project", "version"),
    [
        ("requests-2.32.0-py3-none-any.whl", "requests", "2.32.0"),
        ("torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl", "torch", "2.5.1+cpu"),
        ("pkg-1.0-1build-py3-none-any.whl", "pkg", "1.0"),
        ("zope.interface-5.4.0.tar.gz", "zope-interface", "5.4.0"),
        ("zope-interface-5.4.0.tar.gz", "zope.interface", "5.4.0"),
        ("python-dateutil-2.9.0.post0.tar.gz", "python-dateutil", "2.9.0.post0"),
        ("Django-5.1.zip", "django", "5.1"),
        ("foo-1.0-py2.7.egg", "foo", "1.0"),
        ("foo-1.0.win32.exe", "foo", None),
        ("foo.tar.gz", "foo", None),
    ],
)
def test_file_version(filename: str, project: str, version: str | None) -> None:
    assert file_version(filename, project) == version


# -- PEP 592: which versions are yanked --------------------------------------------------


def files_of(page: str) -> list[IndexFile]:
    data = json.loads((PAGES / page).read_text())
    name = data["name"]
    rows = parse_page(json.dumps(data).encode(), JSON_TYPE, "https://i.example/simple/x/", name)
    return [IndexFile(*row) for row in rows]


@pytest.mark.parametrize(
    ("page", "version", "arbitrary", "reason"),
    [
        pytest.param(
            "requests.json",
            "2.32.0",
            False,
            "Yanked due to conflicts with CVE-2024-35195 mitigation",
            id="all files yanked, with a reason",
        ),
        pytest.param(
            "requests.json",
            "2.32.0.0",
            False,
            "Yanked due to conflicts with CVE-2024-35195 mitigation",
            id="PEP 440 equality pads zeros",
        ),
        pytest.param("requests.json", "2.32.3", False, None, id="not yanked"),
        pytest.param(
            "requests.json", "9.9", False, None, id="a version the index does not have says nothing"
        ),
        pytest.param(
            "partly.json", "1.0", False, None, id="one file yanked is not the version yanked"
        ),
        pytest.param("partly.json", "1.1", False, "", id="yanked without a reason"),
        pytest.param("partly.json", "1.1", True, "", id="=== compares the string"),
        pytest.param("partly.json", "1.1.0", True, None, id="=== does not pad"),
    ],
)
def test_yank_reason(page: str, version: str, arbitrary: bool, reason: str | None) -> None:
    assert yank_reason(files_of(page), version, arbitrary=arbitrary) == reason


# -- failures: one note per index, None for what is unknown -------------------------------


NAMES = ["requests", "flask", "partly", "oldlib", "p1", "p2", "p3", "p4", "p5", "p6"]


def test_slow_server_the_budget_holds(server: Server) -> None:
    server.state.delay = 10.0
    c = client(server.url(), timeout=0.5)
    start = time.monotonic()
    c.prefetch(NAMES)
    assert c.files("requests") is None
    assert c.files("never-asked") is None  # the budget is spent: no further request
    elapsed = time.monotonic() - start
    assert elapsed < 0.5 + 0.4
    assert c.notes == [
        (
            f"cannot read the index http://127.0.0.1:{server.port}/simple/: no answer within the "
            "time budget of 0.5 s (timeout); packages it did not answer are not checked"
        )
    ]
    assert len(server.state.requests()) <= 8  # the pool's size: the others were never sent


def test_budget_is_one_for_the_whole_run(server: Server) -> None:
    c = client(server.url(), timeout=0.6)
    c.prefetch(["requests"])
    server.state.delay = 10.0
    start = time.monotonic()
    c.prefetch(["flask"])
    assert time.monotonic() - start < 0.6 + 0.4
    assert c.files("requests") is not None
    assert c.files("flask") is None
    assert len(c.notes) == 1


def test_server_that_drops_connections(server: Server) -> None:
    server.state.drop = True
    c = client(server.url())
    c.prefetch(NAMES)
    assert all(c.files(name) is None for name in NAMES)
    assert c.notes == [
        (
            f"cannot read the index http://127.0.0.1:{server.port}/simple/: the server closed the "
            "connection without an answer; packages it did not answer are not checked"
        )
    ]


def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = client(f"http://127.0.0.1:{port}/simple/")
    c.prefetch(NAMES)
    assert c.files("requests") is None
    assert c.notes == [
        (
            f"cannot read the index http://127.0.0.1:{port}/simple/: connection refused; "
            "packages it did not answer are not checked"
        )
    ]


def test_server_error(server: Server) -> None:
    server.state.status = 503
    c = client(server.url())
    c.prefetch(["requests"])
    assert c.files("requests") is None
    assert c.notes == [
        (
            f"cannot read the index http://127.0.0.1:{server.port}/simple/: HTTP 503 Service "
            "Unavailable for requests; packages it did not answer are not checked"
        )
    ]


def test_bad_json_is_a_note_and_others_still_answer(server: Server) -> None:
    c = client(server.url())
    c.prefetch(["broken", "requests"])
    assert c.files("broken") is None
    assert c.files("requests") is not None
    assert c.notes == [
        (
            f"cannot read the index http://127.0.0.1:{server.port}/simple/: invalid JSON "
            "(Expecting value: line 2 column 1 (char 62)) for broken; packages it did not answer are not checked"
        )
    ]


def test_progress_line_on_a_terminal_only(server: Server) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    names = [f"p{n}" for n in range(25)]
    tty = Tty()
    client(server.url(), progress=tty).prefetch(names)
    assert tty.getvalue().endswith("\rreqhooks: reading the package index 25/25\r\x1b[K")
    not_a_tty = io.StringIO()
    client(server.url(), progress=not_a_tty).prefetch([f"q{n}" for n in range(25)])
    few = Tty()
    client(server.url(), progress=few).prefetch(["a", "b"])
    assert not_a_tty.getvalue() == few.getvalue() == ""


def test_connections_are_kept_alive(server: Server) -> None:
    c = client(server.url(), workers=1)
    c.prefetch(["requests", "flask", "partly", "nothing-here", "oldlib"])
    assert all(c.files(n) is not None for n in ["requests", "flask", "partly", "oldlib"])
    assert len({s.port for s in server.state.requests()}) == 1


def test_offline_client_never_asks(server: Server) -> None:
    c = client(server.url(), enabled=False)
    c.prefetch(["requests"])
    assert c.files("requests") is None
    assert server.state.requests() == []


# -- credentials -----------------------------------------------------------------------

USER, PASSWORD = "ci-bot", "hunter2-Zq9x"


def secrets() -> list[bytes]:
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode())
    return [PASSWORD.encode(), token, f"{USER}:".encode()]


def test_401_without_credentials(server: Server) -> None:
    server.state.credentials = (USER, PASSWORD)
    c = client(server.url())
    c.prefetch(NAMES)
    assert c.files("requests") is None
    assert c.notes == [
        (
            f"cannot read the index http://127.0.0.1:{server.port}/simple/: HTTP 401 Unauthorized: "
            "no credentials for it in the index URL or the netrc file; packages it did not answer are not checked"
        )
    ]
    assert len(server.state.requests()) <= 8  # one 401 stops the index


def test_credentials_in_the_url(server: Server) -> None:
    server.state.credentials = (USER, PASSWORD)
    c = client(server.url(f"{USER}:{PASSWORD}@"))
    files = c.files("requests")
    assert files is not None and len(files) == 5
    assert all(PASSWORD not in f.url for f in files)
    assert c.notes == []
    assert not any(s in cache_bytes() for s in secrets())
    assert all(USER not in p.name for p in cache_dir().rglob("*"))


def test_wrong_credentials_in_the_url_are_never_printed(server: Server) -> None:
    server.state.credentials = (USER, "another")
    c = client(server.url(f"{USER}:{PASSWORD}@"))
    assert c.files("requests") is None
    assert c.notes == [
        (
            f"cannot read the index http://127.0.0.1:{server.port}/simple/: HTTP 401 Unauthorized: "
            "the credentials were refused; packages it did not answer are not checked"
        )
    ]


def test_credentials_from_netrc(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.state.credentials = (USER, PASSWORD)
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1\n  login {USER}\n  password {PASSWORD}\n")
    monkeypatch.setenv("NETRC", str(netrc))
    c = client(server.url())
    assert c.files("flask") is not None
    assert c.notes == []
    assert not any(s in cache_bytes() for s in secrets())


def test_credentials_are_not_sent_to_another_host(server: Server) -> None:
    server.state.credentials = None
    server.state.redirect = server.url(host="localhost")
    c = client(f"http://{USER}:{PASSWORD}@127.0.0.1:{server.port}/old/")
    assert c.files("requests") is not None
    first, second = server.state.requests()
    assert first.path == "/old/requests/" and first.status == 301
    assert first.headers["Authorization"].startswith("Basic ")
    assert second.path == "/simple/requests/" and second.headers["Host"].startswith("localhost:")
    assert "Authorization" not in second.headers


def test_cli_never_prints_credentials(
    server: Server, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.state.credentials = (USER, "another")
    url = server.url(f"{USER}:{PASSWORD}@")
    write(in_tmp, {"requirements.txt": f"--index-url {url}\nrequests==2.32.0\n"})
    for fmt in ("text", "json", "sarif", "github"):
        main(["check", "--online", "--format", fmt, "requirements.txt"])
        out, err = capsys.readouterr()
        assert PASSWORD not in out + err and USER + ":" not in out + err
        assert err.endswith(
            f"reqhooks: cannot read the index http://127.0.0.1:{server.port}/simple/: HTTP 401 "
            "Unauthorized: the credentials were refused; packages it did not answer are not checked\n"
        )
    assert not any(s in cache_bytes() for s in secrets())


# -- the cache -------------------------------------------------------------------------


def test_max_age_second_run_makes_no_request(server: Server) -> None:
    server.state.cache_control = "max-age=600, public"
    first = client(server.url()).files("requests")
    second_client = client(server.url())
    assert second_client.files("requests") == first
    assert second_client.requests == 0
    assert len(server.state.requests()) == 1


def test_default_ttl_when_the_server_says_nothing(server: Server) -> None:
    client(server.url()).files("requests")
    client(server.url()).files("requests")
    assert len(server.state.requests()) == 1
    (path,) = [p for p in cache_dir().rglob("*.json")]
    assert json.loads(path.read_text())["fresh_for"] == 600


def test_no_store_is_not_cached(server: Server) -> None:
    server.state.cache_control = "no-store"
    client(server.url()).files("requests")
    client(server.url()).files("requests")
    assert len(server.state.requests()) == 2
    assert cache_bytes() == b""


def test_revalidation_with_304(server: Server) -> None:
    server.state.cache_control = "max-age=0, must-revalidate"
    first = client(server.url()).files("requests")
    second = client(server.url()).files("requests")
    assert second == first
    one, two = server.state.requests()
    assert (one.status, two.status) == (200, 304)
    assert two.headers["If-None-Match"] == one.headers.get(
        "If-None-Match", two.headers["If-None-Match"]
    )


def test_stale_answer_is_used_when_the_index_fails(server: Server) -> None:
    server.state.cache_control = "max-age=0"
    first = client(server.url()).files("requests")
    server.state.status = 503
    c = client(server.url())
    assert c.files("requests") == first
    assert len(c.notes) == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b"\x00\xff garbage", id="garbage"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b.replace(b'"files":[', b'"files":[7,'), id="wrong shape"),
        pytest.param(
            lambda b: json.dumps({**json.loads(b), "url": "http://elsewhere/"}).encode(),
            id="another url",
        ),
    ],
)
def test_corrupted_cache_file_is_a_miss_then_overwritten(server: Server, damage: object) -> None:
    assert callable(damage)
    server.state.cache_control = "max-age=600"
    first = client(server.url()).files("requests")
    (path,) = list(cache_dir().rglob("*.json"))
    path.write_bytes(damage(path.read_bytes()))
    assert client(server.url()).files("requests") == first
    assert len(server.state.requests()) == 2
    assert Cache(cache_dir()).get(f"{server.url()}requests/") is not None


def test_cache_dir_per_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REQHOOKS_CACHE_DIR")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "reqhooks"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert cache_dir() == Path.home() / ".cache" / "reqhooks"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert cache_dir() == Path.home() / "Library" / "Caches" / "reqhooks"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert cache_dir() == tmp_path / "local" / "reqhooks" / "Cache"


def test_concurrent_clients_share_the_cache(server: Server) -> None:
    server.state.cache_control = "max-age=600"
    names = [f"p{n}" for n in range(40)] + ["requests", "flask"]
    results: list[dict[str, list[IndexFile] | None]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            c = client(server.url())
            c.prefetch(names)
            results.append({n: c.files(n) for n in names})
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and len(results) == 6
    assert all(r == results[0] for r in results)
    cache = Cache(cache_dir())
    assert all(cache.get(f"{server.url()}{n}/") is not None for n in names)
    assert not list(cache_dir().rglob(".tmp-*"))


def test_concurrent_runs_write_the_cache(
    server: Server, in_tmp: Path
) -> None:
    """Four processes at once (pre-commit runs hooks in parallel) on one cache directory."""
    pins = "".join(f"p{n}==1.0\n" for n in range(30)) + "requests==2.32.0\n"
    write(in_tmp, {"requirements.txt": pins})
    command = [
        sys.executable,
        "-c",
        "import sys; from reqhooks.cli import main; sys.exit(main(sys.argv[1:]))",
        "pins", "--online", "--index-url", server.url(), "requirements.txt",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [1, 1, 1, 1]
    assert all(out == outputs[0][0] and err == "" for out, err in outputs), outputs
    assert "PIN006" in outputs[0][0]
    cache = Cache(cache_dir())
    assert all(cache.get(f"{server.url()}p{n}/") is not None for n in range(30))
    assert not list(cache_dir().rglob(".tmp-*"))


# -- end to end: PIN006 through the command line -----------------------------------------


def test_cli_pins_reports_yanked(
    server: Server, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "requirements.txt": (
                "requests==2.32.0\n"
                "flask==3.0.1  # pinned before the yank\n"
                "partly==1.0\n"
                "oldlib==1.0\n"
                "not-on-the-index==1.0\n"
            )
        },
    )
    code = main(["pins", "--online", "--index-url", server.url(), "requirements.txt"])
    out, err = capsys.readouterr()
    assert out == (
        'requirements.txt:1:1: PIN006 requests 2.32.0 is yanked from the index (reason: "Yanked due '
        'to conflicts with CVE-2024-35195 mitigation"); pin a release that is not yanked\n'
        "requirements.txt:2:1: PIN006 flask 3.0.1 is yanked from the index (no reason given); pin a "
        "release that is not yanked\n"
        "Found 2 problems.\n"
    )
    assert err == ""
    assert code == 1


def test_cli_offline_never_asks(
    server: Server, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"requirements.txt": "requests==2.32.0\n"})
    assert main(["pins", "--index-url", server.url(), "requirements.txt"]) == 0
    assert capsys.readouterr() == ("", "")
    assert server.state.requests() == []


def test_cli_uses_the_files_own_index(
    server: Server, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"requirements.txt": f"-i {server.url()}\nrequests==2.32.0\n"})
    assert main(["pins", "--online", "--format", "json", "requirements.txt"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["code"], finding["line"], finding["package"]) == ("PIN006", 2, "requests")


def test_cli_an_included_file_uses_the_index_of_the_file_that_includes_it(
    server: Server, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "requirements.txt": f"--index-url {server.url()}\n-r base.txt\n",
            "base.txt": "flask==3.0.1\n",
        },
    )
    assert main(["pins", "--online", "--format", "json", "."]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["path"], finding["code"], finding["package"]) == ("base.txt", "PIN006", "flask")


def test_cli_network_down_does_not_block(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    write(in_tmp, {"requirements.txt": "requests==2.32.0\n"})
    assert (
        main(
            [
                "pins",
                "--online",
                "--index-url",
                f"http://127.0.0.1:{port}/simple/",
                "requirements.txt",
            ]
        )
        == 0
    )
    assert capsys.readouterr() == (
        "",
        (
            f"reqhooks: cannot read the index http://127.0.0.1:{port}/simple/: connection refused; "
            "packages it did not answer are not checked\n"
        ),
    )


def test_cli_locked_version_yanked_on_its_registry(
    server: Server, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "pyproject.toml": '[project]\nname = "app"\nversion = "0"\nrequires-python = ">=3.10"\ndependencies = ["requests>=2"]\n',
            "uv.lock": (
                'version = 1\nrevision = 2\nrequires-python = ">=3.10"\n\n'
                '[[package]]\nname = "app"\nversion = "0"\nsource = { virtual = "." }\n'
                'dependencies = [{ name = "requests" }]\n\n'
                '[package.metadata]\nrequires-dist = [{ name = "requests", specifier = ">=2" }]\n\n'
                f'[[package]]\nname = "requests"\nversion = "2.32.0"\nsource = {{ registry = "{server.url()}" }}\n'
            ),
        },
    )
    # The registry the lock names wins over the default index (PyPI: never asked here).
    code = main(["pins", "--online", "--select", "PIN006", "uv.lock"])
    out, err = capsys.readouterr()
    assert out == (
        'uv.lock:16:11: PIN006 requests 2.32.0 is yanked from the index (reason: "Yanked due to '
        'conflicts with CVE-2024-35195 mitigation"); lock a release that is not yanked: run '
        "`uv lock --upgrade-package requests`\n"
        "Found 1 problem.\n"
    )
    assert (code, err) == (1, "")


def test_cli_python_rules_read_pins_online(
    server: Server, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """PYV001 for a pin no lock describes, with Requires-Python from the index."""
    write(in_tmp, {"requirements.txt": "oldlib==1.0\n"})
    main(
        [
            "python",
            "--online",
            "--index-url",
            server.url(),
            "--target-python",
            "3.13",
            "--select",
            "PYV001",
            "requirements.txt",
        ]
    )
    out, err = capsys.readouterr()
    assert out.startswith(
        "requirements.txt:1:1: PYV001 oldlib 1.0 requires Python >=3.8,<3.13, which excludes target Python 3.13"
    )
    assert err == ""


def test_satisfies_the_python_rules_protocol() -> None:
    """mypy checks this assignment; at run time, the method is there."""
    c = IndexClient(notes=[], enabled=False)
    index: PackageIndex = c
    assert index.project_files("x") is None


def test_entry_round_trip(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    entry = Entry(
        "https://i.example/simple/a/",
        1.0,
        600.0,
        200,
        (("a-1.0.tar.gz", "1.0", None, "", "u"),),
        '"e"',
        None,
    )
    cache.put(entry)
    assert cache.get(entry.url) == entry
    assert cache.get("https://i.example/simple/b/") is None
