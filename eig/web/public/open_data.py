"""Open data pages and files (/donnees-ouvertes/…, issue 17 point 3).

The page lists the datasets of eig.reporting.open_data, their columns and links, in the
visitor's language; the files (CSV, JSON, Table Schema, datapackage.json) are the same bytes
whatever the language of the address (/en/ included): one name per column, both languages side
by side. Everyone reads them; the page cache keeps them until public content changes, except a
dataset computed from private apps (`Dataset.cacheable`: the funnel), served fresh each time.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.core.pagecache import public_page
from eig.core.small_groups import MIN_GROUP
from eig.reporting import open_data

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _type_label(column) -> str:
    if column.format == "uri":
        return _("adresse web")
    labels = {"string": _("texte"), "integer": _("nombre entier"), "date": _("date"), "boolean": _("booléen")}
    return labels.get(column.type, column.type)


def _dataset(name):
    data = open_data.dataset(name)
    if data is None:
        raise Http404(_("Ce jeu de données n'existe pas."))
    return data


def _file_response(content: bytes, content_type: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Open data: any site may read it from a browser (no credentials are ever involved).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _in_language(english: bool, item, name: str) -> str:
    return getattr(item, f"{name}_en") if english else getattr(item, name)


@require_safe
@public_page
def open_data_page(request):
    english = (get_language() or "").startswith("en")
    datasets = [
        {
            "name": data.name,
            "title": _in_language(english, data, "title"),
            "description": _in_language(english, data, "description"),
            "csv": reverse("public:open_data_file", kwargs={"name": data.name, "fmt": "csv"}),
            "json": reverse("public:open_data_file", kwargs={"name": data.name, "fmt": "json"}),
            "schema": reverse("public:open_data_schema", kwargs={"name": data.name}),
            "columns": [
                {
                    "name": column.name,
                    "type": _type_label(column),
                    "title": _in_language(english, column, "title"),
                    "description": _in_language(english, column, "description"),
                }
                for column in data.columns
            ],
        }
        for data in open_data.DATASETS.values()
    ]
    return render(
        request,
        "public/open_data.html",
        {
            "title": _("Données ouvertes"),
            "datasets": datasets,
            "licence": open_data.LICENCE,
            "updated": open_data.last_modified(),
            "min_group": MIN_GROUP,
        },
    )


def _file(request, data, fmt):
    rows = data.rows()
    if fmt == "csv":
        return _file_response(open_data.to_csv(data, rows), CONTENT_TYPES["csv"], f"{data.name}.csv")
    return _file_response(open_data.to_json(data, rows), CONTENT_TYPES["json"])


_cached_file = public_page(_file)


@require_safe
def open_data_file(request, name, fmt):
    data = _dataset(name)
    return (_cached_file if data.cacheable else _file)(request, data, fmt)


@require_safe
@public_page
def open_data_schema(request, name):
    return _file_response(open_data.schema_json(_dataset(name)), CONTENT_TYPES["json"])


@require_safe
@public_page
def open_data_package(request):
    return _file_response(open_data.package_json(open_data.last_modified()), CONTENT_TYPES["json"])
