"""The application version, read by main.py, the About box and pyproject.toml."""

__version__ = "0.1.0"
