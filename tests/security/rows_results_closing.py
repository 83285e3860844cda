"""Permission-matrix rows of results and memory: closing (issue 16; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}.
"""

ROWS = {}


def world():
    return {}
