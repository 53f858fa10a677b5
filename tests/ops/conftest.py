"""The browser tests' fixtures (live site, phone page, screenshots) for the status page."""

from tests.browser.conftest import phone_page, screenshot, site  # noqa: F401
