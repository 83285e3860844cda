from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.static import serve

from eig.accounts.views import admin_has_permission, admin_login
from eig.web.public import views as public_views
from eig.web.public.sitemaps import SITEMAPS

# The admin has no sign-in form of its own: allauth's (rate limits, two-factor step).
admin.site.login = admin_login
# …and it asks the programme team for a second factor, as /equipe/ does (security review F5).
admin.site.has_permission = admin_has_permission

urlpatterns = [
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    # The public read-only API: one address per resource whatever the language (no /en/ prefix).
    path("api/v1/", include("eig.web.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("eig.web.public.urls")),
    path("mentions-legales/", public_views.legal_notice, name="footer-legal-notice"),
    path("donnees-personnelles/", public_views.personal_data, name="footer-personal-data"),
    path("accessibilite/", public_views.accessibility, name="footer-accessibility-status"),
    path("plan-du-site/", public_views.site_map, name="footer-sitemap"),
    path("compte/", include("allauth.urls")),
    path("espace/", include("eig.web.candidates.urls")),
    path("equipe/", include("eig.web.staff.urls")),
    path("administration/", include("eig.web.administrations.urls")),
    path("evaluation/", include("eig.web.evaluation.urls")),
    path("jury/", include("eig.web.juries.urls")),
    path("validation/", include("eig.web.approvals.urls")),
    path("programme/", include("eig.web.programme.urls")),
    path("anciens/", include("eig.web.alumni.urls")),
    path("fichiers/", include("eig.files.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "eig.web.public.errors.bad_request"
handler404 = "eig.web.public.errors.page_not_found"
handler500 = "eig.web.public.errors.server_error"
