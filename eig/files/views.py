from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .models import StoredFile
from .permissions import can_download
from .storage import private_storage


@require_safe
def download(request, file_id):
    """Serve a stored file as an attachment.

    404 for anyone `can_download` refuses (anonymous included: no login
    redirect that would confirm the file exists) and for a file the virus scan
    has not cleared (pending, infected, scan error).
    """
    stored = get_object_or_404(StoredFile.objects.select_related("owner"), public_id=file_id)
    if not can_download(request.user, stored) or not stored.is_servable:
        raise Http404
    response = FileResponse(
        private_storage().open(stored.path, "rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.mimetype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
