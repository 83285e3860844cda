from django.http import HttpResponseBadRequest, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def bad_request(request, exception=None):
    """A request Django could not read (e.g. an upload whose file name is too long for the
    multipart headers): the site's own page, in the language of the URL, not Django's bare English one."""
    html = loader.render_to_string("400.html", {"title": _("Requête incorrecte")}, request)
    return HttpResponseBadRequest(html)


@requires_csrf_token
def page_not_found(request, exception=None):
    html = loader.render_to_string("404.html", {"title": _("Page non trouvée")}, request)
    return HttpResponseNotFound(html)


@requires_csrf_token
def server_error(request):
    # No context processor may touch the database here: it may be the failure.
    html = loader.get_template("500.html").render({"title": _("Erreur inattendue")})
    return HttpResponseServerError(html)
