"""Permission-matrix rows of reporting, open data and the API: open_data (issue 17; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}.
"""

ROWS = {}


def world():
    return {}
