"""HTTP layer: routing, authentication, validation and problem+json errors. No business rules."""
