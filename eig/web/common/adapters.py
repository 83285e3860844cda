"""The account adapter the platform uses: ProConnect's (eig.accounts.proconnect.adapters), and
after sign-in each person lands on their own space (eig.web.common.spaces).

It lives in the shared web kit because the landing depends on the spaces and on the seats of the
juries and reviews, which the accounts app, lower in the tiers, must not import.
"""

from eig.accounts.proconnect.adapters import AccountAdapter as ProConnectAccountAdapter

from . import spaces


class AccountAdapter(ProConnectAccountAdapter):
    def get_login_redirect_url(self, request):
        """The space of the person's highest-priority role; a `next` URL, when given, still wins
        (allauth reads it before asking here)."""
        return spaces.home_url(request.user)
