"""The PySide6 user interface: thin pages and dialogs over the services."""
