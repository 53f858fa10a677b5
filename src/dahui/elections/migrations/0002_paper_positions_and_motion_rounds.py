"""Paper entries keyed by the ballot's position in the stack (no serial on the ballot),
at most two per position by two counters; a motion's vote may be held again as a round."""

from django.db import migrations, models
from django.db.models import Q


def serials_to_positions(apps, schema_editor):
    """A serial that is a number keeps it; any other gets the next free number."""
    for model_name in ("PaperEntry", "PaperBallot"):
        model = apps.get_model("elections", model_name)
        by_poll: dict[int, dict[str, int]] = {}
        for row in model.objects.order_by("poll_id", "id"):
            numbers = by_poll.setdefault(row.poll_id, {})
            if row.serial not in numbers:
                digits = row.serial.strip()
                wanted = int(digits) if digits.isdigit() and int(digits) > 0 else None
                if wanted is None or wanted in numbers.values():
                    wanted = max(numbers.values(), default=0) + 1
                numbers[row.serial] = wanted
            row.position = numbers[row.serial]
            if model_name == "PaperEntry":
                row.slot = model.objects.filter(
                    poll_id=row.poll_id, serial=row.serial, id__lt=row.id
                ).count() + 1
            row.save()
    # Entries beyond two per position (left by a race before this constraint) are dropped.
    apps.get_model("elections", "PaperEntry").objects.filter(slot__gt=2).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("elections", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="paperentry", name="paper_entry_once_per_counter"),
        migrations.RemoveConstraint(model_name="paperballot", name="paper_ballot_once"),
        migrations.AddField(
            model_name="paperentry", name="position",
            field=models.PositiveIntegerField(null=True, verbose_name="ballot number in the stack"),
        ),
        migrations.AddField(
            model_name="paperentry", name="slot", field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="paperballot", name="position",
            field=models.PositiveIntegerField(null=True, verbose_name="ballot number in the stack"),
        ),
        migrations.RunPython(serials_to_positions, migrations.RunPython.noop),
        migrations.RemoveField(model_name="paperentry", name="serial"),
        migrations.RemoveField(model_name="paperballot", name="serial"),
        migrations.AlterField(
            model_name="paperentry", name="position",
            field=models.PositiveIntegerField(verbose_name="ballot number in the stack"),
        ),
        migrations.AlterField(
            model_name="paperentry", name="slot", field=models.PositiveSmallIntegerField(),
        ),
        migrations.AlterField(
            model_name="paperballot", name="position",
            field=models.PositiveIntegerField(verbose_name="ballot number in the stack"),
        ),
        migrations.AlterModelOptions(
            name="paperentry", options={"ordering": ["poll", "position", "slot"]},
        ),
        migrations.AddConstraint(
            model_name="paperentry",
            constraint=models.UniqueConstraint(
                fields=("poll", "position", "counter"), name="paper_entry_once_per_counter"
            ),
        ),
        migrations.AddConstraint(
            model_name="paperentry",
            constraint=models.UniqueConstraint(
                fields=("poll", "position", "slot"), name="paper_entry_two_per_position"
            ),
        ),
        migrations.AddConstraint(
            model_name="paperentry",
            constraint=models.CheckConstraint(
                condition=Q(slot__in=[1, 2]), name="paper_entry_slot_one_or_two"
            ),
        ),
        migrations.AddConstraint(
            model_name="paperentry",
            constraint=models.CheckConstraint(
                condition=Q(position__gte=1), name="paper_entry_position_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="paperballot",
            constraint=models.UniqueConstraint(
                fields=("poll", "position"), name="paper_ballot_once"
            ),
        ),
        migrations.RemoveConstraint(model_name="poll", name="poll_one_per_motion"),
        migrations.AddConstraint(
            model_name="poll",
            constraint=models.UniqueConstraint(
                condition=Q(motion__isnull=False), fields=("motion", "round"),
                name="poll_unique_motion_round",
            ),
        ),
    ]
