"""`dahui manage erase_old_ballots`: retry removing closed polls' old ballot rows from the
database files (normally done when each poll closes; see `voting.erasure`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from dahui.voting.erasure import erase_pending
from dahui.voting.models import PendingErasure


class Command(BaseCommand):
    help = "Remove the old row versions of closed polls' ballots from the database files."

    def handle(self, *args, **options) -> None:
        waiting = PendingErasure.objects.count()
        if erase_pending():
            self.stdout.write(f"done: {waiting} poll(s) erased, none waiting")
            return
        left = list(PendingErasure.objects.values_list("poll_id", "last_error"))
        for poll_id, error in left:
            self.stderr.write(f"poll {poll_id}: {error}")
        raise CommandError(f"{len(left)} poll(s) still waiting; try again")
