"""Registers Werkroute as a client of the test provider (run in the provider's process settings)."""

import sys

import django

django.setup()

from oauth2_provider.models import Application  # noqa: E402

client_id, client_secret, redirect_uri, post_logout_redirect_uri = sys.argv[1:5]
Application.objects.create(
    name="Werkroute",
    client_id=client_id,
    client_secret=client_secret,
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=redirect_uri,
    post_logout_redirect_uris=post_logout_redirect_uri,
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
