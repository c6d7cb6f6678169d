"""Database layer: portable column types, the declarative base and the async engine."""
