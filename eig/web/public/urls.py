from django.urls import path, re_path
from django.views.decorators.http import require_safe

from . import juries, open_data, results, selection, views
from .feeds import NewsAtomFeed, NewsFeed

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("participer/candidats/", views.participate_candidates, name="participate_candidates"),
    path("participer/administrations/", views.participate_administrations, name="participate_administrations"),
    path("defis/", views.challenge_list, name="challenge_list"),
    path("defis/<slug:promotion>/<slug:slug>/", views.challenge_detail, name="challenge_detail"),
    path("promotions/", views.promotion_list, name="promotion_list"),
    path("promotions/<slug:slug>/", views.promotion_detail, name="promotion_detail"),
    path("promotions/<slug:slug>/methode-de-selection/", selection.selection_method, name="selection_method"),
    path("promotions/<slug:slug>/jury/", juries.promotion_jury, name="promotion_jury"),
    path("promotions/<slug:slug>/resultats/", results.promotion_results, name="promotion_results"),
    path("promotions/<slug:slug>/rapport/", results.promotion_report, name="promotion_report"),
    path("promotions/<slug:slug>/rapport.pdf", results.promotion_report_pdf, name="promotion_report_pdf"),
    path("communaute/", views.community, name="community"),
    path("communaute/<slug:slug>/", views.person_detail, name="person_detail"),
    path("actualites/", views.news_list, name="news_list"),
    path("actualites/rss.xml", require_safe(NewsFeed()), name="news_rss"),
    path("actualites/atom.xml", require_safe(NewsAtomFeed()), name="news_atom"),
    path("actualites/<slug:slug>/", views.news_detail, name="news_detail"),
    path("faq/", views.faq, name="faq"),
    path("pages/<slug:slug>/", views.page, name="page"),
    path("donnees-ouvertes/", open_data.open_data_page, name="open_data"),
    path("donnees-ouvertes/datapackage.json", open_data.open_data_package, name="open_data_package"),
    re_path(
        r"^donnees-ouvertes/(?P<name>[a-z_]+)\.schema\.json\Z", open_data.open_data_schema, name="open_data_schema"
    ),
    re_path(
        r"^donnees-ouvertes/(?P<name>[a-z_]+)\.(?P<fmt>csv|json)\Z", open_data.open_data_file, name="open_data_file"
    ),
]
