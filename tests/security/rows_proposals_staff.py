"""Permission-matrix rows of the programme team's proposal URLs (see test_permission_matrix.py)."""

ROWS = {}


def world():
    return {}
