"""The dossier kit every audience shares: the step form (forms.py), the dossier pages (pages.py:
a step with its autosave, the overview, the submit, the receipt and its PDF) parameterised by a
« space » per audience (space.py), what those pages show of a dossier (progress.py) and the reading
of answers for the readers' pages (answers.py). The order of the steps is eig.calls.navigation's.

It has no urls.py and no AppConfig: an audience subclasses DossierSpace and mounts
`pages.urlpatterns(space)` in its own urls.py (eig.web.candidates, eig.web.administrations); the
kit imports no audience (tests/architecture/test_import_direction.py).
"""
