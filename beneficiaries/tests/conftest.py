"""Fixtures of the registry's tests beyond the personas of the root conftest.py."""

from .import_helpers import import_regions

__all__ = ["import_regions"]
