"""Optional OpenID Connect single sign-on (authorization code flow with PKCE)."""
