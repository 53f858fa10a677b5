"""One backup file: the database dump, the uploaded and scanned files, the audit heads.

The file is a tar archive holding `manifest.json` (format, version, created at, database
engine, the SHA-256 of every other member, the audit head of every congress), `database`
(SQLite: a consistent copy made with SQLite's online backup API; PostgreSQL: `pg_dump
--format=custom`) and `files/media/…`, `files/scans/…`. With a passphrase the tar is
encrypted with libsodium (pysodium, already a dependency): the key is derived with Argon2id
(crypto_pwhash, moderate limits, random salt), the data sealed in 1 MiB chunks with
XChaCha20-Poly1305, each chunk bound to its index, the header and whether it is the last,
so a reordered, truncated or altered file is refused.

docs/threat-model.md: a copy of the database made while a plain electronic poll is open
holds the casting order of that poll for good, so `create_backup` refuses then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connection

FORMAT = "dahui-backup"
FORMAT_VERSION = 1
MAGIC = b"DAHUIBK1"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore refused, with a message for the operator."""


@dataclass(frozen=True)
class RestoreReport:
    congresses: int
    files: int
    engine: str
    dahui_version: str


# ---------------------------------------------------------------- the open-poll rule


def open_plain_polls() -> list[str]:
    """Plain electronic polls open now: while one is, no copy of the database may be made."""
    from dahui.elections.models import Method, Poll, PollState

    return [
        f"{poll.pk} {poll.title}"
        for poll in Poll.objects.filter(state=PollState.OPEN, method=Method.ELECTRONIC)
    ]


# ---------------------------------------------------------------- the database


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"找不到 {name}：PostgreSQL 的备份和恢复需要它（Debian：apt install postgresql-client）"
            f" / {name} not found on PATH (Debian: apt install postgresql-client)"
        )
    return found


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def dump_database(target: Path) -> None:
    if engine() == "postgresql":
        args, env = _pg_env()
        run = subprocess.run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args],
            env=env, capture_output=True, text=True,
        )
        if run.returncode:
            raise BackupError(f"pg_dump 失败 / pg_dump failed: {run.stderr.strip()}")
        return
    connection.ensure_connection()
    dest = sqlite3.connect(target)
    try:
        connection.connection.backup(dest)
    finally:
        dest.close()


def database_is_empty() -> bool:
    from django.contrib.auth import get_user_model

    from dahui.audit.models import AuditEntry
    from dahui.congress.models import Congress

    tables = set(connection.introspection.table_names())
    for model in (Congress, get_user_model(), AuditEntry):
        if model._meta.db_table in tables and model.objects.exists():
            return False
    return True


def load_database(source: Path) -> None:
    if engine() == "postgresql":
        args, env = _pg_env()
        connection.close()
        run = subprocess.run(
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
             "--single-transaction", *args, str(source)],
            env=env, capture_output=True, text=True,
        )
        if run.returncode:
            raise BackupError(f"pg_restore 失败 / pg_restore failed: {run.stderr.strip()}")
        return
    connection.ensure_connection()
    src = sqlite3.connect(source)
    try:
        src.backup(connection.connection)
    finally:
        src.close()


# ---------------------------------------------------------------- files


def file_roots() -> dict[str, Path]:
    from dahui.scans.storage import scans_root

    return {"media": Path(settings.MEDIA_ROOT), "scans": scans_root()}


def _walk(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def audit_heads() -> dict[str, list]:
    from dahui.audit.head import current_head
    from dahui.audit.models import AuditHead

    heads = {}
    for congress_id in AuditHead.objects.order_by("congress_id").values_list(
            "congress_id", flat=True):
        head = current_head(congress_id)
        heads[str(congress_id)] = [head.seq, head.hash]
    return heads


# ---------------------------------------------------------------- encryption


def _key(passphrase: bytes, salt: bytes, ops: int, mem: int) -> bytes:
    import pysodium

    return pysodium.crypto_pwhash(
        pysodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES, passphrase, salt, ops, mem,
        pysodium.crypto_pwhash_ALG_ARGON2ID13,
    )


def _chunk_ad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


def encrypt(plain: IO[bytes], out: IO[bytes], passphrase: bytes) -> None:
    import pysodium

    salt = os.urandom(pysodium.crypto_pwhash_SALTBYTES)
    ops = pysodium.crypto_pwhash_OPSLIMIT_INTERACTIVE
    mem = pysodium.crypto_pwhash_MEMLIMIT_INTERACTIVE
    header = MAGIC + struct.pack(">QQ", ops, mem) + salt
    key = _key(passphrase, salt, ops, mem)
    out.write(header)
    index = 0
    block = plain.read(CHUNK)
    while True:
        following = plain.read(CHUNK)
        last = not following
        nonce = os.urandom(pysodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
        sealed = pysodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
            block, _chunk_ad(header, index, last), nonce, key)
        out.write(struct.pack(">BI", 1 if last else 0, len(sealed)) + nonce + sealed)
        if last:
            return
        block, index = following, index + 1


def decrypt(source: IO[bytes], out: IO[bytes], passphrase: bytes) -> None:
    import pysodium

    salt_len = pysodium.crypto_pwhash_SALTBYTES
    head = source.read(len(MAGIC) + 16 + salt_len)
    if len(head) < len(MAGIC) + 16 + salt_len or not head.startswith(MAGIC):
        raise BackupError("不是加密的 dahui 备份文件 / not an encrypted dahui backup")
    ops, mem = struct.unpack(">QQ", head[len(MAGIC):len(MAGIC) + 16])
    key = _key(passphrase, head[-salt_len:], ops, mem)
    npub = pysodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
    index = 0
    while True:
        frame = source.read(5)
        if len(frame) < 5:
            raise BackupError("备份文件不完整（被截断） / the backup file is truncated")
        last, length = struct.unpack(">BI", frame)
        nonce, sealed = source.read(npub), source.read(length)
        if len(sealed) < length:
            raise BackupError("备份文件不完整（被截断） / the backup file is truncated")
        try:
            block = pysodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
                sealed, _chunk_ad(head, index, bool(last)), nonce, key)
        except ValueError:
            if index == 0:
                raise BackupError(
                    "口令错误，或备份文件已被改动 / wrong passphrase, or the file was altered"
                ) from None
            raise BackupError("备份文件已被改动 / the backup file was altered") from None
        out.write(block)
        if last:
            if source.read(1):
                raise BackupError("备份文件已被改动 / the backup file was altered")
            return
        index += 1


# ---------------------------------------------------------------- backup and restore


def create_backup(output: Path, *, passphrase: bytes | None = None,
                  now: dt.datetime | None = None) -> dict:
    """Write one backup file; refuses while a plain electronic poll is open."""
    from dahui import __version__

    polls = open_plain_polls()
    if polls:
        raise BackupError(
            "有明文电子投票正在进行，此时不得备份：备份会永久保留投票顺序，可据此把选票与投票人"
            "对应（docs/threat-model.md）。请在投票结束后再备份。"
            " / A plain electronic poll is open: a backup now would keep its casting order "
            "for good. Back up after it closes. Open: " + "; ".join(polls)
        )
    with tempfile.TemporaryDirectory(prefix="dahui-backup-") as work:
        work_dir = Path(work)
        dump = work_dir / "database"
        dump_database(dump)
        members: list[tuple[str, Path]] = [("database", dump)]
        for name, root in file_roots().items():
            members += [(f"files/{name}/{rel}", path) for rel, path in _walk(root)]
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "dahui_version": __version__,
            "created_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
            "database_engine": engine(),
            "audit_heads": audit_heads(),
            "sha256": {name: _sha256(path) for name, path in members},
        }
        tar_path = work_dir / "backup.tar"
        with tarfile.open(tar_path, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name, path in members:
                tar.add(path, arcname=name, recursive=False)
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out, tar_path.open("rb") as plain:
            if passphrase:
                encrypt(plain, out, passphrase)
            else:
                shutil.copyfileobj(plain, out)
        partial.replace(output)
    return manifest


def _open_plain(source: Path, work_dir: Path, passphrase: bytes | None) -> Path:
    with source.open("rb") as handle:
        encrypted = handle.read(len(MAGIC)) == MAGIC
    if not encrypted:
        if passphrase:
            raise BackupError("这个备份文件没有加密 / this backup is not encrypted")
        return source
    if not passphrase:
        raise BackupError("这个备份文件已加密，请给出口令 / this backup is encrypted: "
                          "give --passphrase-file or --passphrase-env")
    plain = work_dir / "backup.tar"
    with source.open("rb") as handle, plain.open("wb") as out:
        decrypt(handle, out, passphrase)
    return plain


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def restore_backup(source: Path, *, passphrase: bytes | None = None,
                   force: bool = False) -> RestoreReport:
    """Restore a backup into an empty database (any database with force); checks the
    manifest's digests before touching anything, and the audit heads after."""
    altered = "备份文件已被改动或损坏 / the backup file was altered or is damaged"
    if not database_is_empty() and not force:
        raise BackupError("数据库不是空的，拒绝恢复（确需覆盖请加 --force） / the database is "
                          "not empty: refusing to restore over it without --force")
    with tempfile.TemporaryDirectory(prefix="dahui-restore-") as work:
        work_dir = Path(work)
        plain = _open_plain(source, work_dir, passphrase)
        extracted = work_dir / "x"
        try:
            with tarfile.open(plain, "r:") as tar:
                names = tar.getnames()
                if "manifest.json" not in names or not all(map(_safe_member, names)):
                    raise BackupError(altered)
                tar.extractall(extracted, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"{altered}: {exc}") from None
        try:
            manifest = json.loads((extracted / "manifest.json").read_text())
        except ValueError:
            raise BackupError(altered) from None
        if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError("不认识的备份格式 / unknown backup format")
        if manifest.get("database_engine") != engine():
            raise BackupError(
                f"备份来自 {manifest.get('database_engine')}，当前数据库是 {engine()} / the "
                f"backup is of {manifest.get('database_engine')}, this database is {engine()}")
        digests = manifest.get("sha256") or {}
        present = {n for n in names if (extracted / n).is_file()} - {"manifest.json"}
        if set(digests) != present or "database" not in digests:
            raise BackupError(altered)
        for name, digest in digests.items():
            if _sha256(extracted / name) != digest:
                raise BackupError(f"{altered}: {name}")
        load_database(extracted / "database")
        roots = file_roots()
        count = 0
        for name in digests:
            if not name.startswith("files/"):
                continue
            _, root_name, rel = name.split("/", 2)
            if root_name not in roots:
                raise BackupError(altered)
            target = roots[root_name] / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(extracted / name, target)
            count += 1
    check_restored(manifest)
    return RestoreReport(congresses=len(manifest["audit_heads"]), files=count, engine=engine(),
                         dahui_version=str(manifest.get("dahui_version", "")))


def check_restored(manifest: dict) -> None:
    """The restored database's audit chains are whole and end where the manifest says."""
    from dahui.audit.head import current_head
    from dahui.audit.services import verify_stored

    for congress_id, (seq, digest) in manifest["audit_heads"].items():
        head = current_head(int(congress_id))
        if (head.seq, head.hash) != (seq, digest):
            raise BackupError(
                f"恢复后大会 {congress_id} 的审计链头不符 / congress {congress_id}: the audit "
                f"head after restore is {head.seq}:{head.hash}, the backup says {seq}:{digest}")
        problems = verify_stored(congress_id=int(congress_id))
        if problems:
            raise BackupError(
                f"恢复后大会 {congress_id} 的审计链校验失败 / congress {congress_id}: the "
                f"audit chain does not verify after restore: {problems[0]}")
