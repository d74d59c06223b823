"""The SSRF rule's other ways of writing an internal address (IPv4 inside IPv6, special IPv6 ranges), what
a refusal tells the caller (not the address), and resolver threads one tenant cannot use up for all."""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading

import pytest

from foundation import network

REFUSED = [
    "::127.0.0.1",  # IPv4-compatible (::/96) loopback
    "::a9fe:a9fe",  # IPv4-compatible 169.254.169.254, the metadata address
    "::10.0.0.1",
    "::ffff:0:7f00:1",  # IPv4-translated (::ffff:0:0:0/96) loopback
    "::ffff:0:a9fe:a9fe",
    "fec0::1",  # site-local (deprecated, still routed inside some sites)
    "5f00::1",  # SRv6 SIDs
    "3fff::1",  # documentation (RFC 9637)
    "4000::1",  # unassigned, outside global unicast
    "64:ff9b::a9fe:a9fe",  # NAT64 of the metadata address
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
]
# Another way of writing a public IPv4 address is judged as that address.
ALLOWED = ["::ffff:0:808:808", "64:ff9b::808:808", "::ffff:8.8.8.8", "2606:4700:4700::1111"]


@pytest.mark.parametrize("address", REFUSED)
def test_other_ways_of_writing_an_internal_address_are_refused(address, settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    assert not network.is_public(ipaddress.ip_address(address))
    with pytest.raises(network.UnsafeUrl, match="non-public address"):
        network.check_public_url(f"http://[{address}]/hook", what="webhook_url")


@pytest.mark.parametrize("address", ALLOWED)
def test_a_public_ipv4_address_written_in_ipv6_is_judged_as_ipv4(address):
    assert network.is_public(ipaddress.ip_address(address))


def _answers(monkeypatch, slow: threading.Event, **addresses: str) -> None:
    """Names in `addresses` (dots as underscores) resolve to theirs; any other waits until `slow` is set."""

    def getaddrinfo(host, port, *args, **kwargs):
        address = addresses.get(host.replace(".", "_"))
        if address is None:
            slow.wait(10)
            raise socket.gaierror("too late")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(network.socket, "getaddrinfo", getaddrinfo)


def test_a_refusal_does_not_tell_the_caller_which_internal_address(monkeypatch, settings, caplog):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    _answers(monkeypatch, threading.Event(), db_corp_internal="10.20.30.40")
    with (
        caplog.at_level(logging.WARNING, logger="foundation.network"),
        pytest.raises(network.UnsafeUrl) as refused,
    ):
        network.check_public_url("https://db.corp.internal/x", what="webhook_url")
    message = str(refused.value)
    assert "10.20.30.40" not in message
    assert "'db.corp.internal' resolves to a non-public address" in message
    # The operator still learns which address it was, in the server's log.
    assert "10.20.30.40" in caplog.text


def test_names_that_never_resolve_do_not_fail_another_tenants_check(monkeypatch, settings):
    """Four names on a nameserver that never answers each keep a resolver thread after their check gave
    up: the next tenant's name, which answers at once, is still checked (not 'does not resolve')."""
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    slow = threading.Event()
    _answers(monkeypatch, slow, hooks_victim_example="8.8.8.8")
    monkeypatch.setattr(network, "RESOLVE_TIMEOUT_SECONDS", 0.2)
    try:
        for n in range(4):
            with pytest.raises(network.UnsafeUrl, match="no answer within"):
                network.check_public_url(f"https://x{n}.blackhole.example/", what="webhook_url")
        checked = network.check_public_url("https://hooks.victim.example/hook", what="webhook_url")
        assert checked.address == "8.8.8.8"
    finally:
        slow.set()


def test_when_every_resolver_thread_is_busy_the_check_says_try_again(monkeypatch, settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    slow = threading.Event()
    _answers(monkeypatch, slow, hooks_victim_example="8.8.8.8")
    monkeypatch.setattr(network, "RESOLVE_TIMEOUT_SECONDS", 0.2)
    places = threading.BoundedSemaphore(2)
    monkeypatch.setattr(network, "_lookups", places)
    try:
        for n in range(2):
            with pytest.raises(network.UnsafeUrl, match="no answer within"):
                network.check_public_url(f"https://x{n}.blackhole.example/", what="webhook_url")
        with pytest.raises(network.UnsafeUrl) as busy:
            network.check_public_url("https://hooks.victim.example/hook", what="webhook_url")
        assert "could not be checked now" in str(busy.value) and "try again" in str(busy.value)
        assert "does not resolve" not in str(busy.value)
    finally:
        slow.set()
    # The late lookups give their places back when they end, and checks go through again.
    assert places.acquire(timeout=5) and places.acquire(timeout=5)
    places.release()
    places.release()
    assert (
        network.check_public_url("https://hooks.victim.example/hook", what="webhook_url").address == "8.8.8.8"
    )
