"""What an outbox message attaches, resolved when it is sent.

An attachment spec is stored with the message (a JSON list), in one of two shapes:

- {"filename", "mimetype", "path"}: a file of the default storage, read as is;
- {"filename", "mimetype", "renderer", "args"}: bytes made at send time by a
  renderer another app registered under that name, called with `args`
  (JSON-ready keyword arguments, e.g. {"version_id": 42}).

A renderer lets an app attach a document built from its own rows (the PDF
receipt of a dossier) without this app importing it (tests/architecture): the
app registers its renderer once, in its AppConfig.ready(). Rendering at send
time keeps no copy of the document: a retry renders it again from the same,
immutable rows.
"""

from collections.abc import Callable

from django.core.files.storage import default_storage

_renderers: dict[str, Callable[..., bytes]] = {}


class UnknownAttachment(LookupError):
    """A spec names a renderer no app registered, or has neither path nor renderer."""


def register_attachment_renderer(name: str, renderer: Callable[..., bytes]) -> Callable[..., bytes]:
    _renderers[name] = renderer
    return renderer


def pdf_attachment(filename: str, renderer: str, **args) -> dict:
    """The one way to attach a PDF (made by eig.core.pdf) to a message: the spec of a document
    the renderer registered under `renderer` makes when the message is sent, from `args`."""
    return {"filename": filename, "mimetype": "application/pdf", "renderer": renderer, "args": args}


def check_spec(spec: dict) -> None:
    """Refuse at queue time a spec that could never be sent."""
    if not spec.get("filename"):
        raise UnknownAttachment("an attachment needs a filename")
    if "renderer" in spec:
        if spec["renderer"] not in _renderers:
            raise UnknownAttachment(f"no attachment renderer named {spec['renderer']!r}")
    elif not spec.get("path"):
        raise UnknownAttachment("an attachment needs a path or a renderer")


def attachment_content(spec: dict) -> bytes:
    """The bytes of one attachment: rendered, or read from the default storage."""
    if "renderer" in spec:
        try:
            renderer = _renderers[spec["renderer"]]
        except KeyError:
            raise UnknownAttachment(f"no attachment renderer named {spec['renderer']!r}") from None
        return renderer(**spec.get("args", {}))
    with default_storage.open(spec["path"], "rb") as handle:
        return handle.read()
