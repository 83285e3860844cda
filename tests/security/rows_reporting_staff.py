"""Permission-matrix rows of reporting, open data and the API: reporting_staff (issue 17; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}.
"""

from django.urls import reverse

from eig.accounts.models import Role
from tests.factories import PromotionFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

# The funnel and the challenges per ministry, with their CSV: the programme team reads them, everyone
# else (anonymous included) gets 404; unsafe methods fail the CSRF check first (403). No object needed.
FUNNEL_NAMES = [
    "staff:reporting_funnel",
    "staff:reporting_funnel_csv",
    "staff:reporting_challenges",
    "staff:reporting_challenges_csv",
]

# A promotion's annual report and its PDF (any promotion, closed or not): the same, on a promotion of its own.
ANNUAL_REPORT_NAMES = ["staff:reporting_annual_report", "staff:reporting_annual_report_pdf"]

ROWS = {
    name: {role: STAFF_READS if role == Role.STAFF.value else HIDDEN for role in ROLES}
    for name in FUNNEL_NAMES + ANNUAL_REPORT_NAMES
}


def world():
    slug = PromotionFactory(slug="eig-rapport-annuel").slug
    return {name: reverse(name, kwargs={"slug": slug}) for name in ANNUAL_REPORT_NAMES}
