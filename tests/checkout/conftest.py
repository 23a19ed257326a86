# The browser fixtures of the end-to-end suite, for the checkout journey test.
from tests.e2e.conftest import browser, page, screenshot  # noqa: F401
