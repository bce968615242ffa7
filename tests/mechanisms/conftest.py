"""The mechanisms tests use the people and institutions of tests/conftest.py."""

from tests.factories import ROLES

__all__ = ["ROLES"]
