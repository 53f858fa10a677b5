from tests.congress.conftest import (  # noqa: F401  the same small congress
    add_delegates,
    congress,
    the_admin,
)
