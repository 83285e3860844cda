"""ProConnect, the state's OpenID Connect federation for public agents, as an allauth provider.

allauth's stock `openid_connect` provider reads the userinfo answer as JSON; ProConnect
answers a signed JWT (`application/jwt`). This provider verifies and decodes it, asks for
the eIDAS level ProConnect requires, sends and checks a nonce, and trusts the address it
vouches for (reference/ecosystem.md).
"""
