"""The virus scan hook: clamd's INSTREAM protocol against a fake clamd on a
temporary Unix socket, the Noop scanner, and the "auto" choice."""

import io
import shutil
import socket
import struct
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from eig.files.models import StoredFile
from eig.files.scanners import ClamdScanner, NoopScanner, get_scanner
from eig.files.services import store_upload
from eig.files.validation import PDF
from tests.factories import UserFactory
from tests.factories.files import PDF_BYTES


def _read_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("client hung up")
        data += chunk
    return data


class FakeClamd:
    """A one-connection-at-a-time clamd speaking INSTREAM on a Unix socket."""

    def __init__(self, reply: bytes):
        self.reply = reply
        self.commands: list[bytes] = []
        self.streams: list[bytes] = []
        # AF_UNIX paths are limited to ~108 bytes: pytest's tmp_path may be too long.
        self.directory = tempfile.mkdtemp(prefix="clamd-")
        self.path = str(Path(self.directory) / "clamd.sock")
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                self.commands.append(_read_exactly(conn, len(b"zINSTREAM\0")))
                stream = b""
                while length := struct.unpack("!L", _read_exactly(conn, 4))[0]:
                    stream += _read_exactly(conn, length)
                self.streams.append(stream)
                conn.sendall(self.reply + b"\0")

    def close(self):
        self.server.close()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def clamd_ok():
    server = FakeClamd(b"stream: OK")
    yield server
    server.close()


@pytest.fixture
def clamd_found():
    server = FakeClamd(b"stream: Eicar-Test-Signature FOUND")
    yield server
    server.close()


def _scan_on_commit(settings, capture, address):
    settings.FILE_SCANNER = "eig.files.scanners.ClamdScanner"
    settings.CLAMD_SOCKET = address
    with capture(execute=True):
        stored = store_upload(SimpleUploadedFile("cv.pdf", PDF_BYTES), owner=UserFactory(), allowed_types=PDF)
    stored.refresh_from_db()
    return stored


def test_clamd_streams_the_whole_file_and_reads_ok_as_clean(clamd_ok):
    content = PDF_BYTES + b"a" * (3 * ClamdScanner.CHUNK + 5)  # several chunks
    result = ClamdScanner(clamd_ok.path).scan(io.BytesIO(content))
    assert (result.status, result.detail) == ("clean", "")
    assert clamd_ok.commands == [b"zINSTREAM\0"]
    assert clamd_ok.streams == [content]


def test_clamd_found_reply_names_the_virus(clamd_found):
    result = ClamdScanner(clamd_found.path).scan(io.BytesIO(b"X5O!P%@AP"))
    assert (result.status, result.detail) == ("infected", "Eicar-Test-Signature")


@pytest.mark.django_db
def test_a_file_clamd_clears_is_clean_and_served(settings, django_capture_on_commit_callbacks, clamd_ok):
    stored = _scan_on_commit(settings, django_capture_on_commit_callbacks, clamd_ok.path)
    assert stored.scan_status == StoredFile.ScanStatus.CLEAN
    assert clamd_ok.streams == [PDF_BYTES]
    client = Client()
    client.force_login(stored.owner)
    assert client.get(stored.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_an_infected_file_is_blocked_and_never_served(settings, django_capture_on_commit_callbacks, clamd_found):
    stored = _scan_on_commit(settings, django_capture_on_commit_callbacks, clamd_found.path)
    assert (stored.scan_status, stored.scan_detail) == ("infected", "Eicar-Test-Signature")
    assert stored.unavailable_message() == (
        "Ce fichier contient un virus : il a été bloqué et ne peut pas être téléchargé. "
        "Déposez une version saine du document."
    )
    client = Client()
    client.force_login(stored.owner)
    assert client.get(stored.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_an_unreachable_clamd_marks_the_file_in_error_and_it_is_not_served(
    settings, django_capture_on_commit_callbacks, tmp_path
):
    stored = _scan_on_commit(settings, django_capture_on_commit_callbacks, str(tmp_path / "absent.sock"))
    assert stored.scan_status == StoredFile.ScanStatus.ERROR
    assert stored.scan_detail.startswith("clamd unreachable at ")
    assert stored.unavailable_message() == (
        "L'analyse antivirus de ce fichier a échoué : il ne peut pas être téléchargé pour l'instant. "
        "Réessayez plus tard ou déposez-le à nouveau."
    )
    client = Client()
    client.force_login(stored.owner)
    assert client.get(stored.get_absolute_url()).status_code == 404


def test_an_unexpected_clamd_reply_is_an_error():
    result = ClamdScanner.parse_reply("INSTREAM size limit exceeded. ERROR")
    assert (result.status, result.detail) == ("error", "clamd: INSTREAM size limit exceeded. ERROR")


def test_clamd_over_tcp(clamd_ok, monkeypatch):
    """tcp://host:port addresses open a TCP connection (here relayed to the fake)."""
    calls = []

    def fake_create_connection(address, timeout):
        calls.append(address)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(clamd_ok.path)
        return sock

    monkeypatch.setattr(socket, "create_connection", fake_create_connection)
    assert ClamdScanner("tcp://clamav.internal:3310").scan(io.BytesIO(b"data")).status == "clean"
    assert calls == [("clamav.internal", 3310)]


def test_noop_marks_clean():
    assert NoopScanner().scan(io.BytesIO(b"data")).status == "clean"


def test_auto_picks_clamd_when_its_socket_exists(settings, clamd_ok, tmp_path):
    settings.FILE_SCANNER = "auto"
    settings.CLAMD_SOCKET = clamd_ok.path
    assert isinstance(get_scanner(), ClamdScanner)
    settings.CLAMD_SOCKET = str(tmp_path / "absent.sock")
    assert isinstance(get_scanner(), NoopScanner)
