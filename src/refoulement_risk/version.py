"""The engine's version (also in pyproject.toml), importable without the package's __init__."""

__version__ = "0.1.0"
