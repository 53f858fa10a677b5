from tests.elections.conftest import (  # noqa: F401  (fixtures shared with the election tests)
    election,
    election_poll,
    motion,
    motion_poll,
    world,
)
