"""Fixtures the channel tests borrow from the areas whose pages they post to."""

from tests.api.conftest import bearer, token_for  # noqa: F401
from tests.inquiries_asking.conftest import seafarer_client  # noqa: F401
