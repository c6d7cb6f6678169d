"""Machinery every domain shares: authorisation, errors, schemas, pagination, text and date
rules, tokens and mail."""
