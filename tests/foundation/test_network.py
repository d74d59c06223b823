"""The SSRF rule for URLs a tenant chose: which addresses may be called, and that the call goes to the
address that was checked (no second DNS answer), over TLS checked against the URL's host name."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from foundation import network

REFUSED = [
    "127.0.0.1",  # loopback
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",  # private
    "169.254.169.254",  # link-local: the classic cloud metadata address
    "100.64.0.1",
    "100.100.100.200",  # shared address space (a cloud metadata service lives here)
    "192.0.0.8",  # IETF protocol assignments
    "198.18.0.1",  # benchmarking
    "192.0.2.1",
    "203.0.113.9",  # documentation
    "0.0.0.0",  # noqa: S104 - an address refused, not one bound
    "240.0.0.1",
    "255.255.255.255",
    "224.0.0.1",  # multicast
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",  # unique local (a cloud metadata address over IPv6)
    "2001:db8::1",
    "ff02::1",
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b:1::a00:1",  # local-use NAT64 of 10.0.0.1
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo whose client is 127.0.0.1
]
ALLOWED = ["8.8.8.8", "1.1.1.1", "192.0.0.9", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::"]


@pytest.mark.parametrize("address", REFUSED)
def test_internal_addresses_are_refused(address, settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    assert not network.is_public(ipaddress.ip_address(address))
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(network.UnsafeUrl, match="internal address"):
        network.check_public_url(f"http://{host}/hook", what="webhook_url")


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address, settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    host = f"[{address}]" if ":" in address else address
    checked = network.check_public_url(f"https://{host}:8443/hook?x=1", what="webhook_url")
    assert ipaddress.ip_address(checked.address) == ipaddress.ip_address(address)
    assert (checked.port, checked.target) == (8443, "/hook?x=1")


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "http:///nohost", "file:///etc/passwd", "http://user:pw@8.8.8.8/"]
)
def test_other_schemes_and_credentials_are_refused(url):
    with pytest.raises(network.UnsafeUrl):
        network.check_public_url(url, what="webhook_url")


def _resolve_to(monkeypatch, *addresses: str) -> list[str]:
    """Make every name resolve to `addresses`; returns the list of names looked up."""
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    monkeypatch.setattr(network.socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_resolver_that_does_not_answer_is_refused_after_the_timeout_not_waited_on(monkeypatch):
    answer = threading.Event()

    def getaddrinfo(host, port, *args, **kwargs):
        answer.wait(10)  # a resolver that never answers while the check waits
        raise socket.gaierror("too late")

    monkeypatch.setattr(network.socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(network, "RESOLVE_TIMEOUT_SECONDS", 0.2)
    started = time.monotonic()
    try:
        with pytest.raises(network.UnsafeUrl, match=r"does not resolve: no answer within 0\.2 s"):
            network.check_public_url("https://slow.example/x", what="webhook_url")
        assert time.monotonic() - started < 5
    finally:
        answer.set()


def test_a_name_with_any_internal_answer_is_refused(monkeypatch, settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    _resolve_to(monkeypatch, "8.8.8.8", "10.0.0.5")
    with pytest.raises(network.UnsafeUrl, match="non-public address"):
        network.check_public_url("https://hooks.example/x", what="webhook_url")


def test_the_operator_may_allow_an_internal_network(settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert network.check_public_url("http://10.1.2.3/x", what="webhook_url").address == "10.1.2.3"
    with pytest.raises(network.UnsafeUrl):
        network.check_public_url("http://192.168.0.1/x", what="webhook_url")


class _Receiver(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, bytes]] = []

    def do_POST(self):  # the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append((self.headers["Host"], self.path, body))
        self.send_response(302)  # a redirect is an answer, never followed
        self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_call_goes_to_the_checked_address_without_resolving_again(receiver, monkeypatch, settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    asked = _resolve_to(monkeypatch, "127.0.0.1")
    port = receiver.server_address[1]
    answer = network.post(
        f"http://hooks.example:{port}/hook?a=1", body=b"{}", headers={}, timeout=5, what="webhook_url"
    )
    assert answer.status == 302  # not followed to the metadata address
    # The name is looked up once, by the check; the connection is made to the address it approved.
    assert asked == ["hooks.example", "127.0.0.1"]
    assert _Receiver.seen == [(f"hooks.example:{port}", "/hook?a=1", b"{}")]


def _tls_pair(tmp_path, host: str):
    """A CA, and a server certificate for `host` that it signed: (ca_pem, cert_file, key_file)."""
    now = datetime.datetime.now(datetime.UTC)

    def cert(subject, issuer, key, signer, *, ca: bool, names=()):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if names:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), False
            )
        return builder.sign(signer, hashes.SHA256())

    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = cert("test ca", "test ca", ca_key, ca_key, ca=True)
    leaf = cert(host, "test ca", leaf_key, ca_key, ca=False, names=[host])
    cert_file, key_file = tmp_path / "leaf.pem", tmp_path / "leaf.key"
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return ca.public_bytes(serialization.Encoding.PEM).decode(), cert_file, key_file


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch, settings):
    """An HTTPS receiver whose certificate names hooks.example, trusted through a test CA."""
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    ca_pem, cert_file, key_file = _tls_pair(tmp_path, "hooks.example")
    monkeypatch.setattr(network, "tls_context", lambda: ssl.create_default_context(cadata=ca_pem))
    _resolve_to(monkeypatch, "127.0.0.1")
    _Receiver.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_https_to_the_checked_address_verifies_the_url_host_name(tls_receiver):
    answer = network.post(
        f"https://hooks.example:{tls_receiver}/tls", body=b"x", headers={}, timeout=5, what="webhook_url"
    )
    assert answer.status == 302 and _Receiver.seen[0][1] == "/tls"
    # The same address under a name the certificate does not carry is refused by TLS.
    with pytest.raises(ssl.SSLCertVerificationError):
        network.post(
            f"https://other.example:{tls_receiver}/tls", body=b"x", headers={}, timeout=5, what="webhook_url"
        )


@pytest.fixture
def trickler():
    """A receiver that answers one header byte every 0.2 s: each read is well inside a 1 s socket
    timeout, the whole answer takes ~5 s. Yields its port and an event set when it was cut off."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    cut = threading.Event()

    def trickle() -> None:
        conn, _ = server.accept()
        conn.recv(65536)
        try:
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            for _ in range(25):
                time.sleep(0.2)
                conn.sendall(b"a")
            conn.sendall(b"\r\nContent-Length: 0\r\n\r\n")
        except OSError:
            cut.set()
        conn.close()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    yield server.getsockname()[1], cut
    thread.join(10)
    server.close()


def test_the_timeout_bounds_the_whole_answer_not_each_read(trickler, settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    port, cut = trickler
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="no complete answer within 1 s"):
        network.post(f"http://127.0.0.1:{port}/hook", body=b"{}", headers={}, timeout=1, what="webhook_url")
    # Cut off at the deadline, where the answer would have taken ~5 s; the receiver saw the close.
    assert time.monotonic() - started < 3
    assert cut.wait(3), "the receiver kept sending: the connection was not closed"


def test_a_deadline_passing_while_connecting_ends_the_call(trickler, settings, monkeypatch):
    """A slow handshake (a TLS one has no socket to cut until it ends) stands in as a slow connect: the
    call ends at the deadline instead of going on to send and wait for the trickled answer."""
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    port, _cut = trickler
    connect = network._PinnedHTTPConnection.connect

    def slow_connect(self):
        time.sleep(1.2)  # longer than the whole call may take
        connect(self)

    monkeypatch.setattr(network._PinnedHTTPConnection, "connect", slow_connect)
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="no complete answer within 1 s"):
        network.post(f"http://127.0.0.1:{port}/hook", body=b"{}", headers={}, timeout=1, what="webhook_url")
    assert time.monotonic() - started < 3
