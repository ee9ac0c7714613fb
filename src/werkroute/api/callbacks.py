"""Where notifications may go, and posting them there.

A system with ``notifications:write`` names the address the job queue posts to, so without a check it
could make Werkroute call into its own network: the cloud's metadata service (169.254.169.254), a
database's HTTP port on 127.0.0.1, an internal 10.x host. Callback URLs are therefore checked twice:
when the subscription is made (a clear refusal for the system that asks) and at every delivery (a name
that resolved to a public address yesterday may resolve to an internal one today). The delivery then
connects to the very address it checked, not to whatever a second lookup answers (DNS rebinding), and it
follows no redirects.

Only addresses on the internet are allowed, over HTTPS. ``WERKROUTE_NOTIFY_ALLOW_PRIVATE`` lets an
installation whose receivers live in its own network (and the tests, and the demo) post to internal
addresses too, and over plain HTTP there only.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = {"http": 80, "https": 443}
# NAT64 (RFC 6052): the IPv4 address inside is the one actually reached.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class CallbackRefused(Exception):
    """The callback URL may not be called; the message says why, in Dutch, for the system's builders."""


@dataclass(frozen=True)
class Target:
    """A checked callback: where to connect (``addresses``, all of them allowed) and what to ask for."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[Address, ...]


def _embedded(address: Address) -> Address | None:
    """The IPv4 address an IPv6 address carries and leads to (mapped, 6to4, Teredo, NAT64), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_internal(address: Address) -> bool:
    """Whether ``address`` lies outside the public internet: loopback, private, link-local (the cloud's
    metadata service), shared (carrier NAT), reserved, multicast, unspecified, or one of these inside an
    IPv6 address."""
    inner = _embedded(address)
    if inner is not None and is_internal(inner):
        return True
    return (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def resolve(host: str, port: int) -> tuple[Address, ...]:
    """Every address ``host`` resolves to (an address as host is itself); OSError when it resolves to
    nothing."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as error:  # a name the IDNA codec cannot encode resolves to nothing either
        raise OSError(str(error)) from error
    # An IPv6 link-local answer may carry its interface (fe80::1%eth0); the address is what counts.
    return tuple(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found))


def _https_only() -> str:
    return _(
        "Gebruik een adres dat met https:// begint: notificaties gaan alleen versleuteld over het internet."
    )


def _parts(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise CallbackRefused(_https_only())
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise CallbackRefused(_("Het poortnummer in dit adres is ongeldig.")) from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname, port, path


def check(url: str) -> Target:
    """The callback ``url`` checked and resolved, or CallbackRefused (an internal address while those
    are not allowed; plain HTTP to anything but an allowed internal address). OSError when the host
    resolves to nothing: that may pass, so it is for the caller to decide."""
    scheme, host, port, path = _parts(url)
    allow_internal = bool(settings.WERKROUTE_NOTIFY_ALLOW_PRIVATE)
    if scheme == "http" and not allow_internal:
        raise CallbackRefused(_https_only())
    addresses = resolve(host, port)
    internal = [address for address in addresses if is_internal(address)]
    if internal and not allow_internal:
        # Refused when any answer is internal: a name that leads to the internet and to the inside at
        # once is the shape of an attack, and which answer a later lookup gives cannot be chosen.
        raise CallbackRefused(
            _(
                "Het adres %(host)s wijst naar een intern netwerkadres (%(address)s). Notificaties gaan "
                "alleen naar adressen op het internet."
            )
            % {"host": host, "address": internal[0]}
        )
    if scheme == "http" and len(internal) < len(addresses):
        raise CallbackRefused(_https_only())
    return Target(scheme, host, port, path, addresses)


def refusal(url: str) -> str | None:
    """Why a subscription to ``url`` is refused, or None. A name that does not resolve (yet) is not
    refused over HTTPS: every delivery checks it again, and refuses it then if it must."""
    try:
        check(url)
    except CallbackRefused as refused:
        return str(refused)
    except OSError:
        if urlsplit(url.strip()).scheme.lower() != "https":
            return _https_only()
    return None


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked; the name still goes out as the Host header."""

    def __init__(self, host: str, port: int, *, address: Address, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((str(self.address), self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As :class:`_PinnedHTTPConnection`, with TLS: the certificate must be valid for the name."""

    def __init__(self, host: str, port: int, *, address: Address, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((str(self.address), self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> tuple[int, str]:
    """POST ``body`` to the callback ``url`` once, after checking it; returns the answer's status and
    reason. CallbackRefused when the address may not be called (that will not change by trying again),
    OSError or ``http.client.HTTPException`` when the receiver could not be reached or answered nonsense.
    A redirect is an answer like any other: it is not followed."""
    target = check(url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    error: OSError = OSError(_("Het adres %(host)s heeft geen netwerkadres.") % {"host": target.host})
    for address in target.addresses:
        connection = connection_class(target.host, target.port, address=address, timeout=timeout)
        try:
            # Connected first, so that only an address that took nothing is left for the next one.
            connection.connect()
        except OSError as unreachable:
            error = unreachable
            connection.close()
            continue
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, str(response.reason)
        finally:
            connection.close()
    raise error
