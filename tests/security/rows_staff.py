"""Permission-matrix rows of the staff URLs (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} for URLs
that need objects (built here, owned by nobody in the matrix unless said)."""

ROWS = {}


def world():
    return {}
