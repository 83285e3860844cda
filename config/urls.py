from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.static import serve

from eig.web.public import views as public_views
from eig.web.public.forms import LoginForm
from eig.web.public.sitemaps import SITEMAPS

urlpatterns = [
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", include("eig.web.public.urls")),
    path("mentions-legales/", public_views.legal_notice, name="footer-legal-notice"),
    path("donnees-personnelles/", public_views.personal_data, name="footer-personal-data"),
    path("accessibilite/", public_views.accessibility, name="footer-accessibility-status"),
    path("plan-du-site/", public_views.site_map, name="footer-sitemap"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("fichiers/", include("eig.files.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "eig.web.public.errors.page_not_found"
handler500 = "eig.web.public.errors.server_error"
