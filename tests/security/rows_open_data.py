"""Permission-matrix rows of the open data (issue 17 point 3; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}.

Open data is for everyone: the page and every file (a dataset as CSV or JSON, its Table Schema,
the data package) answer 200 to GET and HEAD whoever asks, anonymous included. They are
read-only: every unsafe method fails the CSRF check first (403); with a valid token the view's
own method check answers 405 (tests/web/test_open_data_pages.py).
"""

from django.urls import reverse

from eig.accounts.models import Role

ROLES = ["anonymous"] + [r.value for r in Role]
READ_ONLY = {"get": 200, "head": 200, "post": 403, "put": 403, "patch": 403, "delete": 403}

ROWS = {
    name: dict.fromkeys(ROLES, READ_ONLY)
    for name in [
        "public:open_data",
        "public:open_data_file",
        "public:open_data_schema",
        "public:open_data_package",
    ]
}


def world():
    return {
        "public:open_data_file": reverse("public:open_data_file", kwargs={"name": "teams", "fmt": "csv"}),
        "public:open_data_schema": reverse("public:open_data_schema", kwargs={"name": "teams"}),
    }
