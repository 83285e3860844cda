"""The dossier kit every audience shares: the step form (forms.py), what a step page shows of a
dossier (progress.py) and the reading of answers for the readers' pages (answers.py).

It has no urls.py and no AppConfig: the audiences under eig/web/ import it, and it imports no
audience (tests/architecture/test_import_direction.py). The one set of dossier pages parameterised
by a « space » per audience (issue 14, point 4) is to come here too.
"""
