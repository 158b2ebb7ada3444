"""Benchmark the online index client: 300 pins against a local index, cold and warm cache.

    python benchmarks/index_bench.py [--pins 300] [--repeat 7] [--latency-ms 20]

A ``http.server`` on 127.0.0.1 serves one PEP 691 JSON page per project (10 releases of 3
files each, the last release yanked).  Each scenario is run ``--repeat`` times and the median
is printed, with the number of HTTP requests one run makes:

- cold: an empty cache directory, every page fetched;
- warm: the pages are cached and fresh (``max-age``): no request at all;
- revalidate: cached but stale (``max-age=0``): one conditional request each, answered 304;
- cold, with ``--latency-ms`` added by the server to every answer: what the pool of
  concurrent fetches buys on a real network;
- the command line, ``reqhooks pins --online`` on a requirements.txt of the 300 pins
  (PIN006), cold and warm, in-process.

The server runs in a process of its own, so that it does not share the client's GIL.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.server
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reqhooks._cache import Cache
from reqhooks.index import IndexClient

JSON_TYPE = "application/vnd.pypi.simple.v1+json"


def page(name: str) -> bytes:
    files = []
    for minor in range(10):
        version = f"1.{minor}.0"
        yanked: bool | str = "Broken build" if minor == 9 else False
        for filename in (
            f"{name.replace('-', '_')}-{version}-py3-none-any.whl",
            f"{name.replace('-', '_')}-{version}-cp312-cp312-manylinux_2_17_x86_64.whl",
            f"{name}-{version}.tar.gz",
        ):
            files.append(
                {
                    "filename": filename,
                    "url": f"/files/{filename}",
                    "hashes": {"sha256": hashlib.sha256(filename.encode()).hexdigest()},
                    "requires-python": ">=3.9",
                    "yanked": yanked,
                }
            )
    return json.dumps({"meta": {"api-version": "1.1"}, "name": name, "files": files}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        srv = self.server
        if self.path.startswith("/_control/"):  # /_control/<latency seconds>/<cache-control>
            _, _, latency, cache_control = self.path.split("/", 3)
            srv.latency, srv.cache_control = float(latency), cache_control.replace("_", "=")
            self.answer(b"")
            return
        if self.path == "/_stats":
            self.answer(str(srv.requests).encode())
            return
        with srv.lock:
            srv.requests += 1
        if srv.latency:
            time.sleep(srv.latency)
        name = self.path.strip("/").split("/")[-1]
        body = srv.pages.get(name)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", srv.cache_control)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", JSON_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", srv.cache_control)
        self.end_headers()
        self.wfile.write(body)

    def answer(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, names: list[str]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.pages = {name: page(name) for name in names}
        self.lock = threading.Lock()
        self.requests = 0
        self.latency = 0.0
        self.cache_control = "max-age=600"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/simple/"


def serve(names: list[str], ready: Connection) -> None:
    """The index, in a process of its own: it must not share the client's GIL."""
    server = Server(names)
    ready.send(server.server_address[1])
    server.serve_forever(poll_interval=0.05)


class Remote:
    """The server process, seen from the benchmark."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/simple/"
        self.port = port

    def _get(self, path: str) -> bytes:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}") as r:
            data: bytes = r.read()
            return data

    @property
    def requests(self) -> int:
        return int(self._get("/_stats"))

    def set(self, latency: float = 0.0, cache_control: str = "max-age=600") -> None:
        self._get(f"/_control/{latency}/{cache_control.replace('=', '_')}")


@contextlib.contextmanager
def serving(names: list[str]) -> Iterator[Remote]:
    import multiprocessing

    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=serve, args=(names, child), daemon=True)
    process.start()
    try:
        yield Remote(parent.recv())
    finally:
        process.terminate()
        process.join()


def measure(
    run: Callable[[], None], setup: Callable[[], None], server: Remote, repeat: int
) -> tuple[float, float, int]:
    """(median seconds, min seconds, requests per run)."""
    times = []
    requests = 0
    for _ in range(repeat):
        setup()
        before = server.requests
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        requests = server.requests - before
    return statistics.median(times), min(times), requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pins", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()

    names = [f"project-{n:03d}" for n in range(args.pins)]
    workdir = Path(tempfile.mkdtemp(prefix="reqhooks-index-bench-"))
    cache_root = workdir / "cache"
    os.environ["REQHOOKS_CACHE_DIR"] = str(cache_root)
    for var in ("http_proxy", "HTTP_PROXY", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"):
        os.environ.pop(var, None)
    rows: list[tuple[str, float, float, int]] = []
    try:
        with serving(names) as server:

            def lookup() -> None:
                notes: list[str] = []
                client = IndexClient(server.url, notes=notes, cache=Cache(cache_root), timeout=60)
                client.prefetch(names)
                assert all(client.files(n) is not None for n in names), notes

            def empty() -> None:
                shutil.rmtree(cache_root, ignore_errors=True)

            def nothing() -> None:
                pass

            rows.append(("cold cache", *measure(lookup, empty, server, args.repeat)))
            lookup()  # warm it
            rows.append(
                ("warm cache (fresh, max-age)", *measure(lookup, nothing, server, args.repeat))
            )
            server.set(cache_control="max-age=0")
            empty()
            lookup()
            rows.append(
                (
                    "warm cache, stale: 304 revalidation",
                    *measure(lookup, nothing, server, args.repeat),
                )
            )
            server.set(latency=args.latency_ms / 1000)
            rows.append(
                (
                    f"cold cache, +{args.latency_ms:g} ms per answer",
                    *measure(lookup, empty, server, args.repeat),
                )
            )
            server.set()

            requirements = workdir / "project" / "requirements.txt"
            requirements.parent.mkdir()
            (requirements.parent / ".git").mkdir()
            requirements.write_text("".join(f"{n}==1.9.0\n" for n in names))

            def cli() -> None:
                from reqhooks.cli import main as reqhooks

                with (
                    contextlib.redirect_stdout(io.StringIO()) as out,
                    contextlib.redirect_stderr(io.StringIO()),
                ):
                    code = reqhooks(
                        ["pins", "--online", "--index-url", server.url, str(requirements)]
                    )
                assert code == 1 and out.getvalue().count("PIN006") == len(names), out.getvalue()[
                    -500:
                ]

            with _pins_report_yanked():
                rows.append(
                    ("CLI pins --online, cold cache", *measure(cli, empty, server, args.repeat))
                )
                cli()
                rows.append(
                    ("CLI pins --online, warm cache", *measure(cli, nothing, server, args.repeat))
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"{args.pins} pins against a local index (127.0.0.1), 30 files per project; median of {args.repeat} runs"
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'scenario':<{width}}  {'median':>9}  {'min':>9}  {'requests':>8}")
    for label, median, best, requests in rows:
        print(f"{label:<{width}}  {median * 1000:>6.1f} ms  {best * 1000:>6.1f} ms  {requests:>8}")
    return 0


@contextlib.contextmanager
def _pins_report_yanked() -> Iterator[None]:
    """The pins family with PIN006, whether or not ``rules/pins.py`` calls it yet."""
    import inspect

    from reqhooks.rules import _yanked, pins

    if "check_yanked" in inspect.getsource(pins):
        yield
        return
    original = pins.check

    def check(project, ctx):  # type: ignore[no-untyped-def]
        yield from original(project, ctx)
        yield from _yanked.check_yanked(project, ctx)

    pins.check = check
    try:
        yield
    finally:
        pins.check = original


if __name__ == "__main__":
    raise SystemExit(main())
