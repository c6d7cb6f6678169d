"""Exchange with other tools: CSV export and import, iCalendar feeds."""
