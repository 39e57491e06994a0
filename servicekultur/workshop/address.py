"""Can phones in the room open the public address? Loopback and private addresses, the machine's
address in the local network (for ``invoke serve --room``), and the address as a terminal QR code.

Nothing here resolves names or sends packets: a UDP socket is only *connected* (which picks the
outgoing interface of the default route) to learn the machine's own address.
"""

from __future__ import annotations

import io
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import segno

LOOPBACK, PRIVATE, PUBLIC = "loopback", "private", "public"
# Any address outside this machine: connecting a UDP socket sends nothing, it only chooses the
# route (TEST-NET-2, RFC 5737; the default route decides the interface).
_PROBE = ("198.51.100.1", 9)


def reach(url: str) -> str:
    """``loopback`` (this machine only), ``private`` (same network only) or ``public``."""
    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "") or host.endswith(".localhost"):
        return LOOPBACK
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return PRIVATE if host.endswith((".local", ".lan", ".internal", ".home.arpa")) else PUBLIC
    if address.is_loopback or address.is_unspecified:
        return LOOPBACK
    if address.is_private or address.is_link_local:
        return PRIVATE
    return PUBLIC


def lan_address() -> str | None:
    """This machine's IPv4 address in the local network (None when it has none)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(_PROBE)
        address = probe.getsockname()[0]
    except OSError:
        address = ""
    finally:
        probe.close()
    if address and not ipaddress.ip_address(address).is_loopback:
        return address
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    found = [info[4][0] for info in infos if not info[4][0].startswith("127.")]
    return found[0] if found else None


def room_url(port: int, address: str | None = None) -> str | None:
    """``http://<LAN address>:<port>``: what phones in the same Wi-Fi can open."""
    address = address or lan_address()
    return f"http://{address}:{port}" if address else None


@dataclass(frozen=True)
class Reachability:
    """A German note for trainers when a QR code would not open on the phones in the room."""

    url: str
    kind: str
    lan: str | None = None  # the room address to offer instead (``http://192.168.…:8000``)

    @property
    def warning(self) -> str:
        if self.kind == LOOPBACK:
            return (
                f"Der QR-Code zeigt auf {self.url} – diese Adresse gibt es nur auf diesem "
                "Rechner; Handys im Raum können sie nicht öffnen."
            )
        if self.kind == PRIVATE:
            return (
                f"Der QR-Code zeigt auf {self.url} – eine Adresse im lokalen Netz: Handys "
                "öffnen sie nur im selben WLAN."
            )
        return ""

    @property
    def offer(self) -> str:
        if self.kind != LOOPBACK:
            return ""
        if self.lan:
            return (
                f"Für den Seminarraum: „invoke serve --room“ – dann öffnen Handys im selben "
                f"WLAN {self.lan}."
            )
        return "Für den Seminarraum: den Rechner ins WLAN bringen und „invoke serve --room“."


def check_public(url: str, port: int | None = None) -> Reachability:
    """How far ``url`` reaches, with the room address of this machine when it is loopback."""
    kind = reach(url)
    lan = None
    if kind == LOOPBACK:
        port = port or urlsplit(url).port or 80
        lan = room_url(port)
    return Reachability(url, kind, lan)


def terminal_qr(url: str) -> str:
    """``url`` as a QR code of half-block characters for the terminal (dark on light)."""
    out = io.StringIO()
    segno.make(url, error="m", micro=False).terminal(out=out, compact=True, border=2)
    return out.getvalue()
