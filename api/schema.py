"""How the schema names the token: an HTTP bearer scheme (drf-spectacular's extension for our authenticator)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Токен интеграции: Authorization: Bearer <токен>"}
