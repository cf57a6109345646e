"""The webhook address guard: every loopback, private and link-local address is refused, however
it is written, before a connection is opened; names are resolved once and the checked address is
the one connected to; each redirect hop is checked before it is followed."""
from __future__ import annotations

import ipaddress
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from automations import outbound
from automations.outbound import Allowlist, Refused


class HookServer:
    """A real HTTP server on 127.0.0.1. `script` holds the answers to give, in order (a status, or
    (status, headers, delay)); then 200. Records each request, and counts each connection."""

    def __init__(self, tls: tuple[str, str] | None = None) -> None:
        self.script: list = []
        self.requests: list[dict] = []
        self.connections = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with server._lock:
                    server.requests.append({"path": self.path, "headers": dict(self.headers.items()), "body": body,
                                            "at": time.monotonic()})
                    answer = server.script.pop(0) if server.script else 200
                status, headers, delay = answer if isinstance(answer, tuple) else (answer, {}, 0)
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def verify_request(self, request, client_address) -> bool:
                server.connections += 1  # every accepted connection, even one that sends nothing
                return True

        self.httpd = Server(("127.0.0.1", 0), Handler)
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hook_server():
    server = HookServer()
    yield server
    server.close()


@pytest.fixture
def connects(monkeypatch) -> list:
    """The addresses connected to (socket.create_connection), recorded."""
    made: list = []
    real = socket.create_connection

    def recording(address, *args, **kwargs):
        made.append(address[0])
        return real(address, *args, **kwargs)
    monkeypatch.setattr(socket, "create_connection", recording)
    return made


@pytest.fixture
def names(monkeypatch) -> dict:
    """A fake DNS for made-up names (no network here): name → addresses; numbers resolve as usual."""
    table: dict[str, list[str]] = {}
    real = outbound.resolve

    def resolve(host: str, port: int) -> list[str]:
        return list(table[host]) if host in table else real(host, port)
    monkeypatch.setattr(outbound, "resolve", resolve)
    return table


NOBODY = Allowlist.parse([])
LOCAL = Allowlist.parse(["127.0.0.1"])


def post(url: str, allowlist: Allowlist = NOBODY) -> tuple[int, str]:
    return outbound.post(url, b'{"x":1}', {"Content-Type": "application/json"}, allowlist=allowlist, timeout=2)


@pytest.mark.parametrize(("host", "shown"), [
    ("10.0.0.1", "10.0.0.1"),
    ("169.254.169.254", "169.254.169.254"),
    ("127.0.0.1", "127.0.0.1"),
    ("[::ffff:7f00:1]", "127.0.0.1"),
    ("2130706433", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"),
    ("127.1", "127.0.0.1"),
    ("[::1]", "::1"),
    ("localhost", "127.0.0.1"),
    ("0.0.0.0", "0.0.0.0"),  # Linux connects 0.0.0.0 to this machine
    ("[fe80::1]", "fe80::1"),
    ("100.64.0.1", "100.64.0.1"),
    ("192.168.1.1", "192.168.1.1"),
    ("[fd00::1]", "fd00::1"),
    ("[fec0::1]", "fec0::1"),
    ("[2002:7f00:1::]", "127.0.0.1"),  # 6to4 around 127.0.0.1
    ("[64:ff9b::7f00:1]", "64:ff9b::7f00:1"),  # NAT64 around 127.0.0.1
    ("224.0.0.1", "224.0.0.1"),
])
def test_every_spelling_of_a_private_address_is_refused_before_connecting(host, shown, hook_server, connects):
    url = f"http://{host}:{hook_server.port}/hook"
    with pytest.raises(Refused) as refused:
        post(url)
    assert shown in refused.value.reason and "WEBHOOK_ALLOWLIST" in refused.value.reason
    assert connects == [] and hook_server.connections == 0 and hook_server.requests == []


def test_a_name_resolving_to_a_private_address_is_refused(hook_server, connects, names):
    names["crm-hooks.example.com"] = ["10.20.30.40"]
    names["mixed.example.com"] = ["93.184.216.34", "192.168.0.7"]  # one bad address is enough
    with pytest.raises(Refused, match="10.20.30.40, a private address"):
        post("http://crm-hooks.example.com/hook")
    with pytest.raises(Refused, match="192.168.0.7"):
        post("http://mixed.example.com/hook")
    assert connects == []


def test_the_allowlist_names_addresses_networks_or_hosts(hook_server, names):
    names["hooks.internal"] = ["127.0.0.1"]
    for entries, url in ((["127.0.0.1"], hook_server.url()), (["127.0.0.0/8"], hook_server.url()),
                         ("10.0.0.0/8, 127.0.0.1", hook_server.url(host="2130706433")),
                         (["hooks.internal"], hook_server.url(host="hooks.internal"))):
        assert post(url, Allowlist.parse(entries)) == (200, "OK")
    assert len(hook_server.requests) == 4
    with pytest.raises(Refused):
        post(hook_server.url(host="hooks.internal"), Allowlist.parse(["other.internal", "10.0.0.0/8"]))


def test_the_checked_address_is_the_one_connected_to_with_the_name_in_the_host_header(hook_server, connects,
                                                                                       monkeypatch):
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])  # a DNS rebind: a second lookup would get 10.0.0.1
    monkeypatch.setattr(outbound, "resolve", lambda host, port: next(answers))
    assert post(hook_server.url(host="hooks.example.com"), LOCAL) == (200, "OK")
    assert connects == ["127.0.0.1"]
    assert hook_server.requests[0]["headers"]["Host"] == f"hooks.example.com:{hook_server.port}"


def test_https_connects_to_the_checked_address_and_verifies_the_name(tmp_path, names, connects, monkeypatch):
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=hooks.example.com", "-addext", "subjectAltName=DNS:hooks.example.com"],
                   check=True, capture_output=True)
    monkeypatch.setattr(ssl, "_create_default_https_context", lambda: ssl.create_default_context(cafile=cert))
    names["hooks.example.com"] = names["other.example.com"] = ["127.0.0.1"]
    server = HookServer(tls=(cert, key))
    try:
        assert post(f"https://hooks.example.com:{server.port}/hook", LOCAL) == (200, "OK")
        assert server.requests[0]["headers"]["Host"] == f"hooks.example.com:{server.port}"
        with pytest.raises(ssl.SSLCertVerificationError, match="other.example.com"):  # SNI and check: the name
            post(f"https://other.example.com:{server.port}/hook", LOCAL)
        assert connects == ["127.0.0.1", "127.0.0.1"] and len(server.requests) == 1
    finally:
        server.close()


def test_a_redirect_to_a_private_address_is_refused_before_the_second_hop(hook_server, connects, names):
    hook_server.script = [(302, {"Location": "http://10.0.0.1/steal"}, 0)]
    with pytest.raises(Refused, match="10.0.0.1"):
        post(hook_server.url(), LOCAL)
    assert connects == ["127.0.0.1"] and len(hook_server.requests) == 1


def test_a_public_looking_url_redirecting_to_the_metadata_address_is_refused(hook_server, connects, names):
    names["hooks.example.com"] = ["127.0.0.1"]  # stands in for a public server (allowlisted by address)
    names["metadata.example.com"] = ["169.254.169.254"]
    hook_server.script = [(307, {"Location": "http://metadata.example.com/latest/meta-data/"}, 0)]
    with pytest.raises(Refused, match="169.254.169.254, a link-local address"):
        post(hook_server.url(host="hooks.example.com"), LOCAL)
    assert connects == ["127.0.0.1"] and len(hook_server.requests) == 1


def test_allowed_redirects_are_followed_with_the_same_post_up_to_three(hook_server):
    hook_server.script = [(307, {"Location": "/second"}, 0), (308, {"Location": hook_server.url("/third")}, 0)]
    assert post(hook_server.url("/first"), LOCAL) == (200, "OK")
    assert [r["path"] for r in hook_server.requests] == ["/first", "/second", "/third"]
    assert {r["body"] for r in hook_server.requests} == {b'{"x":1}'}
    hook_server.requests.clear()
    hook_server.script = [(302, {"Location": "/again"}, 0)] * 4
    with pytest.raises(Refused, match="more than 3 redirects"):
        post(hook_server.url(), LOCAL)
    assert len(hook_server.requests) == 4


@pytest.mark.parametrize(("url", "problem"), [
    ("ftp://example.com/x", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("http:///nohost", "no host"),
    ("https://user:pw@example.com/", "credentials"),
    ("http://example.com:99999/", "not a valid URL"),
])
def test_unusable_urls_are_named(url, problem):
    assert problem in outbound.url_problem(url)
    with pytest.raises(Refused, match=problem):
        post(url)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    assert outbound.why_not_public(ipaddress.ip_address(address)) is None
