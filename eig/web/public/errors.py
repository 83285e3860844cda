from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def page_not_found(request, exception=None):
    html = loader.render_to_string("404.html", {"title": _("Page non trouvée")}, request)
    return HttpResponseNotFound(html)


@requires_csrf_token
def server_error(request):
    # No context processor may touch the database here: it may be the failure.
    html = loader.get_template("500.html").render({"title": _("Erreur inattendue")})
    return HttpResponseServerError(html)
