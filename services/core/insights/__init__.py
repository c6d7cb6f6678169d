"""Insights: follow-up, cadence, the giver -> receiver graph and multipliers per network."""
