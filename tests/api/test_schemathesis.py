"""schemathesis fuzzes the public API against its own OpenAPI schema (issue 17, point 5).

Every operation of /api/v1/openapi.json gets `MAX_EXAMPLES` generated cases in each generation
mode (positive: valid parameters; negative: values the schema forbids), deterministic
(`derandomize`: the same cases on every run and machine), sent to the Django WSGI application in
process, and every response goes through schemathesis's checks: no server error, a documented
status code, the documented content type and headers, a body that validates against the response
schema, valid data accepted and invalid data refused. Any failure fails the test with
schemathesis's report (and a curl line to replay it).

The figures (operations, cases, failures) are printed and written to
test-output/schemathesis-api.json for the closing note.
"""

import json
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode

from tests.factories.api import api_world

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 25
REPORT = Path(settings.BASE_DIR) / "test-output" / "schemathesis-api.json"


@contextmanager
def in_the_test_transaction():
    """The WSGI handler closes « old » connections around each request, which would end the test's
    transaction: Django's own test client unplugs that signal for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(operation, mode, counts):
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        counts[operation.label, mode.value] += 1
        response = case.call()
        case.validate_response(response)

    check()


def test_schemathesis_finds_no_server_error_and_no_schema_violation(settings):
    # The limit stays on (its code runs on every case) but far above what the run sends.
    settings.API_RATE_LIMIT = 1_000_000
    api_world()
    counts, failures = Counter(), {}
    with in_the_test_transaction():
        # The site's WSGI application (config/wsgi.py's, without its production-only key check).
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                try:
                    _run(operation, mode, counts)
                except Exception as failure:  # noqa: BLE001 (collected: every operation runs, then the report)
                    failures[f"{operation.label} ({mode.value})"] = str(failure)
    figures = {
        "schemathesis": schemathesis.__version__,
        "operations": len(operations),
        "max_examples_per_operation_and_mode": MAX_EXAMPLES,
        "cases": sum(counts.values()),
        "cases_per_operation": {f"{label} ({mode})": n for (label, mode), n in sorted(counts.items())},
        "failures": len(failures),
        "failed": sorted(failures),
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    print(
        f"\nschemathesis {figures['schemathesis']}: {figures['operations']} operations, "
        f"{figures['cases']} cases, {figures['failures']} failures ({REPORT.relative_to(settings.BASE_DIR)})"
    )
    assert len(operations) == 13
    assert all(counts[operation.label, "positive"] > 0 for operation in operations)
    assert failures == {}, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
