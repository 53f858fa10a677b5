"""Participations lose their key digest and receipt and get a random UUID key; ballots
lose their nonce (the tracker is now an HMAC of the client's key); a per-poll tracker key,
a list of polls whose old row versions are still to erase, and the ballot publication
setting.

The participations are copied into the new table in random order, so the rows written
before this migration do not keep their casting order either.
"""

import secrets
import uuid

import django.db.models.deletion
from django.db import migrations, models


def copy_participations(apps, schema_editor):
    old = apps.get_model("voting", "OldParticipation")
    new = apps.get_model("voting", "Participation")
    rows = list(old.objects.values_list("poll_id", "delegate_id"))
    secrets.SystemRandom().shuffle(rows)
    new.objects.bulk_create(
        [new(id=uuid.uuid4(), poll_id=poll, delegate_id=delegate) for poll, delegate in rows],
        batch_size=1000,
    )


def keys_for_open_polls(apps, schema_editor):
    poll = apps.get_model("elections", "Poll")
    key = apps.get_model("voting", "TrackerKey")
    key.objects.bulk_create([
        key(poll_id=pk, key=secrets.token_hex(32))
        for pk in poll.objects.filter(state="open", method="electronic").values_list("pk",
                                                                                     flat=True)
    ])


class Migration(migrations.Migration):

    dependencies = [
        ("congress", "0001_initial"),
        ("elections", "0001_initial"),
        ("voting", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="participation", name="participation_once"),
        migrations.RenameModel(old_name="Participation", new_name="OldParticipation"),
        migrations.CreateModel(
            name="Participation",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True,
                                        serialize=False)),
                ("delegate", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="+",
                    to="congress.delegate")),
                ("poll", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="participations", to="elections.poll")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("poll", "delegate"),
                                                        name="participation_once")],
            },
        ),
        migrations.RunPython(copy_participations, migrations.RunPython.noop),
        migrations.DeleteModel(name="OldParticipation"),
        migrations.RemoveField(model_name="castballot", name="nonce"),
        migrations.CreateModel(
            name="TrackerKey",
            fields=[
                ("poll", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                    related_name="+", serialize=False, to="elections.poll")),
                ("key", models.CharField(max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name="PendingErasure",
            fields=[
                ("poll", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                    related_name="+", serialize=False, to="elections.poll")),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("last_error", models.TextField(blank=True)),
            ],
        ),
        migrations.CreateModel(
            name="BallotPublication",
            fields=[
                ("poll", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                    related_name="+", serialize=False, to="elections.poll")),
            ],
        ),
        migrations.RunPython(keys_for_open_polls, migrations.RunPython.noop),
    ]
