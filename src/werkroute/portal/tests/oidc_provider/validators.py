from oauth2_provider.oauth2_validators import OAuth2Validator


class BsnValidator(OAuth2Validator):
    """Gives the citizen's BSN as the claim ``bsn``, as a DigiD broker does (here the user name)."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "bsn": "openid"}

    def get_additional_claims(self, request):  # type: ignore[no-untyped-def]
        return {"bsn": request.user.username}
