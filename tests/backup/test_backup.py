"""`dahui backup` / `dahui restore`: round trip (data, files, audit heads), passphrase,
tampering, and the threat model's rule that no backup is taken while a plain poll is open."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from dahui.audit.head import current_head
from dahui.audit.models import AuditEntry
from dahui.audit.services import record
from dahui.cli import main
from dahui.congress.models import Congress, Delegate
from dahui.elections import services
from dahui.elections.models import Method
from dahui.ops.backup import BackupError, create_backup, file_roots, restore_backup
from tests.elections.people import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data_dirs(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DAHUI_SCANS_DIR = tmp_path / "scans"
    return settings


def snapshot() -> dict:
    files = {}
    for name, root in file_roots().items():
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                files[f"{name}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return {
        "congresses": list(Congress.objects.order_by("pk").values_list("pk", "title")),
        "delegates": list(Delegate.objects.order_by("pk").values_list("pk", "name", "id_tail")),
        "audit": list(AuditEntry.objects.order_by("congress_id", "seq")
                      .values_list("congress_id", "seq", "hash")),
        "heads": {c: (current_head(c).seq, current_head(c).hash) for c in
                  Congress.objects.values_list("pk", flat=True)},
        "files": files,
    }


def wipe() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    for root in file_roots().values():
        for path in sorted(Path(root).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()


def seed_files() -> None:
    roots = file_roots()
    (roots["media"] / "candidates" / "2026").mkdir(parents=True, exist_ok=True)
    (roots["media"] / "candidates" / "2026" / "王敏.jpg").write_bytes(b"\xff\xd8photo" * 100)
    (roots["scans"] / "poll-1" / "run-1").mkdir(parents=True, exist_ok=True)
    (roots["scans"] / "poll-1" / "run-1" / "page-001.png").write_bytes(os.urandom(5000))


def seed_world():
    world = build_world()
    for n in range(3):
        record(congress=world.congress, actor=world.secretariat, action="test.note",
               subject=f"note-{n}", data={"n": n, "text": "备份"})
    return world


def round_trip(tmp_path: Path, passphrase: bytes | None) -> None:
    seed_world()
    seed_files()
    before = snapshot()
    assert before["audit"]
    assert before["files"]
    target = tmp_path / "out" / "backup.tar"
    manifest = create_backup(target, passphrase=passphrase)
    assert manifest["database_engine"] == ("postgresql" if settings.DATABASES["default"][
        "ENGINE"].endswith("postgresql") else "sqlite")
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    wipe()
    assert snapshot()["congresses"] == []
    assert snapshot()["files"] == {}
    report = restore_backup(target, passphrase=passphrase)
    assert report.files == 2
    assert snapshot() == before


def test_round_trip_sqlite_plain(data_dirs, tmp_path):
    round_trip(tmp_path, None)


def test_round_trip_sqlite_encrypted(data_dirs, tmp_path):
    round_trip(tmp_path, "会场的口令 correct horse".encode())


@pytest.mark.postgres
def test_round_trip_postgresql(postgres, data_dirs, tmp_path):
    round_trip(tmp_path, b"a passphrase")


def test_wrong_passphrase_is_refused_clearly(data_dirs, tmp_path):
    seed_world()
    target = tmp_path / "b.enc"
    create_backup(target, passphrase=b"right")
    wipe()
    with pytest.raises(BackupError, match="口令错误"):
        restore_backup(target, passphrase=b"wrong")
    with pytest.raises(BackupError, match="已加密"):
        restore_backup(target)
    assert not Congress.objects.exists()


@pytest.mark.parametrize("encrypted", [False, True])
def test_tampered_file_is_refused(data_dirs, tmp_path, encrypted):
    seed_world()
    seed_files()
    target = tmp_path / "b"
    passphrase = b"pw" if encrypted else None
    create_backup(target, passphrase=passphrase)
    wipe()
    data = bytearray(target.read_bytes())
    if encrypted:
        data[-10] ^= 1
    else:
        # flip a byte inside the scanned page (its content, not the tar header)
        index = data.find(b"\xff\xd8photo") + 3
        data[index] ^= 1
    target.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="改动"):
        restore_backup(target, passphrase=passphrase)
    assert not Congress.objects.exists()
    truncated = tmp_path / "t"
    truncated.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(BackupError):
        restore_backup(truncated, passphrase=passphrase)


def test_refuses_a_non_empty_database_without_force(data_dirs, tmp_path):
    seed_world()
    target = tmp_path / "b"
    create_backup(target)
    with pytest.raises(BackupError, match="--force"):
        restore_backup(target)
    restore_backup(target, force=True)
    assert Congress.objects.count() == 1


def test_backup_refused_while_a_plain_poll_is_open(data_dirs, tmp_path, capsys):
    world = seed_world()
    motion = services.create_motion(
        congress=world.congress, title="关于工会工作报告的决议", kind="report",
        by=world.secretariat)
    poll = services.create_motion_poll(
        motion=motion, session=world.session, method=Method.ELECTRONIC, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    target = tmp_path / "b"
    with pytest.raises(BackupError, match="明文电子投票正在进行"):
        create_backup(target)
    assert not target.exists()
    assert main(["backup", "-o", str(target)]) == 2
    assert "plain electronic poll is open" in capsys.readouterr().err
    services.close_poll(poll=poll, by=world.secretariat)
    create_backup(target)
    assert target.exists()


def test_cli_round_trip_with_passphrase_env(data_dirs, tmp_path, monkeypatch, capsys):
    seed_world()
    before = snapshot()
    monkeypatch.setenv("DAHUI_BACKUP_PASSPHRASE", "s3cret")
    target = tmp_path / "cli.enc"
    assert main(["backup", "-o", str(target), "--passphrase-env",
                 "DAHUI_BACKUP_PASSPHRASE"]) == 0
    assert "encrypted" in capsys.readouterr().out
    wipe()
    wrong = tmp_path / "pw"
    wrong.write_text("nope\n")
    assert main(["restore", str(target), "--passphrase-file", str(wrong)]) == 2
    assert "wrong passphrase" in capsys.readouterr().err
    assert main(["restore", str(target), "--passphrase-env", "DAHUI_BACKUP_PASSPHRASE"]) == 0
    assert snapshot() == before
