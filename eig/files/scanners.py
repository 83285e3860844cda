"""Virus scan backends, chosen by the FILE_SCANNER setting.

A scanner reads a file object and answers a ScanResult; it never raises for a
scan that failed (the file is marked "error" and is not served).
"""

import os
import socket
import struct
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

CLEAN, INFECTED, ERROR = "clean", "infected", "error"


@dataclass(frozen=True)
class ScanResult:
    status: str  # CLEAN, INFECTED or ERROR
    detail: str = ""  # the virus name, or what went wrong (for the logs and staff)


class NoopScanner:
    """No antivirus: every file is clean at once. The default without clamd."""

    def scan(self, fileobj) -> ScanResult:
        return ScanResult(CLEAN, "no scanner configured")


class ClamdScanner:
    """clamd's INSTREAM protocol over its Unix socket or TCP, with `socket` only.

    The client sends "zINSTREAM\\0", then the file as chunks each prefixed by its
    length (4 bytes, big-endian), then a zero-length chunk; clamd answers
    "stream: OK" or "stream: <signature> FOUND" (NUL-terminated with the z prefix).
    """

    CHUNK = 64 * 1024

    def __init__(self, address: str | None = None, timeout: float = 60.0):
        self.address = address or settings.CLAMD_SOCKET
        self.timeout = timeout

    def _connect(self) -> socket.socket:
        if self.address.startswith("tcp://"):
            host, _, port = self.address.removeprefix("tcp://").rpartition(":")
            return socket.create_connection((host, int(port)), timeout=self.timeout)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.address)
        except OSError:
            sock.close()
            raise
        return sock

    def scan(self, fileobj) -> ScanResult:
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                fileobj.seek(0)
                while chunk := fileobj.read(self.CHUNK):
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    data = sock.recv(4096)
                    if not data:
                        break
                    reply += data
        except OSError as error:
            return ScanResult(ERROR, f"clamd unreachable at {self.address}: {error}"[:255])
        return self.parse_reply(reply.rstrip(b"\0").decode("utf-8", "replace").strip())

    @staticmethod
    def parse_reply(reply: str) -> ScanResult:
        if reply.endswith(" FOUND"):
            signature = reply.removeprefix("stream:").removesuffix(" FOUND").strip()
            return ScanResult(INFECTED, signature[:255])
        if reply == "stream: OK":
            return ScanResult(CLEAN, "")
        return ScanResult(ERROR, f"clamd: {reply or 'no reply'}"[:255])


def _clamd_socket_exists() -> bool:
    address = settings.CLAMD_SOCKET
    return bool(address) and (address.startswith("tcp://") or os.path.exists(address))


def get_scanner():
    """The configured scanner; "auto" picks clamd when its socket exists."""
    choice = settings.FILE_SCANNER
    if choice == "auto":
        return ClamdScanner() if _clamd_socket_exists() else NoopScanner()
    return import_string(choice)()
