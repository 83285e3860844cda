# Being written: the administration agents' pages (this stub is replaced).
from django.http import Http404


def _pending(request, **kwargs):
    raise Http404


space = join = start = proposal = step = submit = answer = receipt = receipt_pdf = _pending
