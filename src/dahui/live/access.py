"""Who may follow a congress live: the same gates as its pages.

A logged-in participant follows what they may VIEW; the hall screen follows by its token.
Staff (DESK) and the screen also see the attendance figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from dahui.congress.access import Need, access_congress, access_screen, may
from dahui.congress.models import Congress


@dataclass(frozen=True)
class Viewer:
    congress: Congress
    sees_attendance: bool


def live_viewer(user, congress_id: int, screen_token: str | None) -> Viewer:
    """Raises PermissionDenied or Http404 like the gates it calls."""
    if screen_token:
        return Viewer(access_screen(congress_id, screen_token), sees_attendance=True)
    congress = access_congress(user, congress_id, need=Need.VIEW)
    return Viewer(congress, sees_attendance=may(user, congress, Need.DESK))
