"""Widgets that several pages and dialogs embed (the evidence files panel)."""
