"""The WSGI application of the fault drill's gunicorn: config.wsgi's, behind HoldSubmits.

    gunicorn tests.bench._fault_drill_wsgi -c config/gunicorn.conf.py   (FAULT_DRILL_HOLD_DIR set)

Used by tests/bench/fault_drill.py only; not a benchmark module (its name starts with "_").
"""

import os

from config.wsgi import application as django_application
from tests.bench.fault_drill import HOLD_ENV, HoldSubmits

application = HoldSubmits(django_application, os.environ[HOLD_ENV])
