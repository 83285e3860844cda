from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.utils.crypto import get_random_string
from django.utils.http import urlencode
from requests import RequestException

from .views import LOGOUT_HINT_SESSION_KEY, ProConnectOAuth2Adapter


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account adapter; signing out of a ProConnect session signs out of ProConnect too.

    ProConnect asks its services to end the agent's federation session on sign-out
    (end_session_endpoint with the id_token as a hint); it then sends the agent back to
    LOGOUT_REDIRECT_URL, a URL declared with the client (docs/deployment.md).
    """

    def get_logout_redirect_url(self, request):
        url = super().get_logout_redirect_url(request)
        # Read before allauth flushes the session: LogoutView asks for the URL first.
        id_token = request.session.get(LOGOUT_HINT_SESSION_KEY)
        if not id_token or not request.user.is_authenticated:
            return url
        try:
            end_session = ProConnectOAuth2Adapter(request).openid_config.get("end_session_endpoint")
        except (SocialApp.DoesNotExist, RequestException, ValueError):
            # ProConnect unconfigured since, or unreachable: the local sign-out still happens.
            return url
        if not end_session:
            return url
        params = {
            "id_token_hint": id_token,
            "state": get_random_string(32),
            "post_logout_redirect_uri": request.build_absolute_uri(url),
        }
        return f"{end_session}?{urlencode(params)}"
