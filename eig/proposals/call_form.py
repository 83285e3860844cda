"""What proposals add to the calls the programme team creates (eig.calls.setup.create_call): a call for
challenges gets the proposal form of the previous calls (defaults.CHALLENGE_FORM). Registered from
ProposalsConfig.ready() (the dossier engine names no app above it)."""

from eig.calls.models import Call
from eig.calls.setup import register_default_form

from .defaults import install_challenge_form

register_default_form(Call.Kind.CHALLENGES, install_challenge_form)
