"""Partner webhooks: an outbox of events, signed deliveries with retries, and an SSRF guard."""
