"""Blind review: what a reviewer may not read while a blind grid's phase runs.

The rule (issue 5): blind mode hides the candidate's name, civility and photo
until the phase ends (`Grid.is_blind`); the contact details go with them, since
a phone number or an address names a person as surely as a name does. The
dossier's holder (account name and email) is hidden too; the views apply this.
"""

# Question keys of the identity step (eig/calls/defaults.py APPLICATION_FORM).
BLIND_KEYS = frozenset({"civilite", "prenom", "nom", "telephone", "email", "courriel", "photo"})
# Any question whose key contains one of these is a photo of the person, whatever its step.
BLIND_KEY_PARTS = ("photo",)


def is_hidden_when_blind(key: str) -> bool:
    key = (key or "").lower()
    return key in BLIND_KEYS or any(part in key for part in BLIND_KEY_PARTS)
