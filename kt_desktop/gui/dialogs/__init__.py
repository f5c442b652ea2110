"""Dialogs: each composes a generated form and exposes ask() for its caller."""
