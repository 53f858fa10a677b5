"""The install and uninstall as a list of steps, and the runner that applies them.

A step writes a file, makes a folder, runs a command (skipped when its `unless` command
succeeds, which makes a second run harmless) or calls Python. Under `--root DIR` files and
folders are written below DIR and nothing on the system is touched: commands and calls are
listed as not run. `--dry-run` only lists.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dahui.deploy import ca_page, caddyfile, files
from dahui.deploy.config import InstallConfig, InstallError

DEBIAN_PACKAGES = ("postgresql", "redis-server", "caddy", "python3-venv",
                   "fonts-wqy-microhei", "libsodium23")
CADDYFILE = Path("/etc/caddy/Caddyfile")
UNIT_PATH = Path("/etc/systemd/system") / files.UNIT_NAME
ADMIN_PATH = Path("/usr/local/bin/dahui-admin")


@dataclass(frozen=True)
class WriteFile:
    path: Path
    text: str
    mode: int = 0o644
    owner: str = ""  # "user:group", applied only on a real install

    def describe(self) -> str:
        return f"write {self.path} ({oct(self.mode)[2:]}{', ' + self.owner if self.owner else ''})"


@dataclass(frozen=True)
class MakeDir:
    path: Path
    mode: int = 0o755
    owner: str = ""

    def describe(self) -> str:
        return f"folder {self.path} ({oct(self.mode)[2:]}{', ' + self.owner if self.owner else ''})"


@dataclass(frozen=True)
class Run:
    argv: tuple[str, ...]
    unless: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        text = "run " + " ".join(self.argv)
        return text + (f"  (unless: {' '.join(self.unless)})" if self.unless else "")


@dataclass(frozen=True)
class Call:
    what: str
    function: Callable[[], None]

    def describe(self) -> str:
        return self.what


Step = WriteFile | MakeDir | Run | Call


def _sql(user: str, sql: str) -> tuple[str, ...]:
    return ("runuser", "-u", "postgres", "--", "psql", "-v", "ON_ERROR_STOP=1", "-tAc", sql)


def _source_dir() -> Path:
    """The checkout this dahui runs from (its pyproject.toml and uv.lock)."""
    here = Path(__file__).resolve().parents[3]
    if (here / "pyproject.toml").exists() and (here / "uv.lock").exists():
        return here
    raise InstallError("dahui install runs from a dahui checkout (./dev setup, then "
                       "sudo .venv/bin/dahui install …): no pyproject.toml/uv.lock found "
                       f"at {here}")


def _uv() -> str:
    beside = Path(sys.executable).with_name("uv")
    found = str(beside) if beside.exists() else shutil.which("uv")
    if not found:
        raise InstallError("uv is needed to install the locked dependencies (./dev setup)")
    return found


def install_steps(config: InstallConfig, *, secret_key: str, source: Path | None,
                  uv: str = "uv") -> list[Step]:
    user = config.user
    owner = f"{user}:{user}"
    dahui = str(config.venv_dir / "bin" / "dahui")
    admin = str(ADMIN_PATH)
    steps: list[Step] = [
        Run(("apt-get", "install", "-y", "-q", *DEBIAN_PACKAGES),
            unless=("dpkg-query", "-W", *DEBIAN_PACKAGES),
            env={"DEBIAN_FRONTEND": "noninteractive"}),
        Run(("useradd", "--system", "--user-group", "--home-dir", str(config.data_dir),
             "--shell", "/usr/sbin/nologin", user), unless=("id", "-u", user)),
        MakeDir(config.etc_dir, 0o750, f"root:{user}"),
        MakeDir(config.data_dir, 0o700, owner),
        MakeDir(config.public_dir, 0o755, owner),
        MakeDir(config.static_dir, 0o755, owner),
        MakeDir(config.ca_dir, 0o755, owner),
        MakeDir(config.venv_dir.parent, 0o755),
        WriteFile(config.env_file, files.render_env(config, secret_key=secret_key), 0o640,
                  f"root:{user}"),
        WriteFile(UNIT_PATH, files.render_unit(config)),
        WriteFile(ADMIN_PATH, files.render_admin(config), 0o755),
        WriteFile(CADDYFILE, caddyfile.render(
            addresses=config.addresses, upstreams=[f"127.0.0.1:{config.port}"],
            static_dir=config.static_dir, ca_dir=config.ca_dir, tls=config.tls,
            email=config.email)),
    ]
    if source is not None:
        # The locked dependencies and dahui itself (not editable) into the app's own venv;
        # a later run from a newer checkout upgrades it in place.
        steps.append(Run((uv, "sync", "--frozen", "--no-editable", "--python", "/usr/bin/python3",
                          "--project", str(source)),
                         env={"UV_PROJECT_ENVIRONMENT": str(config.venv_dir)}))
    steps += [
        Run((dahui, "messages")),
        Run(_sql(user, f"CREATE ROLE {user} LOGIN"),
            unless=("sh", "-c", f"runuser -u postgres -- psql -tAc "
                    f"\"SELECT 1 FROM pg_roles WHERE rolname='{user}'\" | grep -q 1")),
        Run(("runuser", "-u", "postgres", "--", "createdb", "-O", user, "-E", "UTF8",
             config.database),
            unless=("sh", "-c", f"runuser -u postgres -- psql -tAc \"SELECT 1 FROM "
                    f"pg_database WHERE datname='{config.database}'\" | grep -q 1")),
        Run(("systemctl", "enable", "--now", "postgresql", "redis-server")),
        Run((admin, "manage", "migrate", "--noinput")),
        Run((admin, "manage", "collectstatic", "--noinput", "--verbosity", "0")),
        Run(("caddy", "validate", "--adapter", "caddyfile", "--config", str(CADDYFILE))),
        Run(("systemctl", "daemon-reload")),
        Run(("systemctl", "enable", files.UNIT_NAME)),
        Run(("systemctl", "restart", files.UNIT_NAME)),
        Run(("systemctl", "enable", "caddy")),
        Run(("systemctl", "reload-or-restart", "caddy")),
    ]
    if config.tls == "internal":
        steps.append(Call(f"write the CA page into {config.ca_dir} (Caddy's root "
                          f"{config.caddy_root_certificate})",
                          lambda: publish_ca_page(config)))
    return steps


def publish_ca_page(config: InstallConfig, *, timeout: float = 30) -> None:
    """Caddy makes its internal CA at its first start: wait for the root, then publish it."""
    deadline = time.monotonic() + timeout
    while not config.caddy_root_certificate.exists():
        if time.monotonic() > deadline:
            raise InstallError(f"Caddy made no root certificate at "
                               f"{config.caddy_root_certificate}: journalctl -u caddy")
        time.sleep(0.5)
    pem = config.caddy_root_certificate.read_text(encoding="ascii")
    ca_page.write(pem=pem, addresses=config.addresses, out_dir=config.ca_dir)


def uninstall_steps(config: InstallConfig, *, purge: bool) -> list[Step]:
    """Stop and remove the service, its files and Caddy's site; with purge also the data,
    the database and the system user. Debian's packages stay (others may use them)."""
    steps: list[Step] = [
        Run(("systemctl", "disable", "--now", files.UNIT_NAME),
            unless=("sh", "-c", f"! systemctl cat {files.UNIT_NAME} >/dev/null 2>&1")),
        Run(("rm", "-f", str(UNIT_PATH), str(ADMIN_PATH))),
        Run(("systemctl", "daemon-reload")),
        # Back to Debian's own welcome page: Caddy stays installed, serving nothing of ours.
        WriteFile(CADDYFILE, ":80 {\n\troot * /usr/share/caddy\n\tfile_server\n}\n"),
        Run(("systemctl", "reload-or-restart", "caddy"),
            unless=("sh", "-c", "! command -v caddy >/dev/null")),
        Run(("rm", "-rf", str(config.venv_dir.parent), str(config.public_dir))),
    ]
    if purge:
        steps += [
            Run(("runuser", "-u", "postgres", "--", "dropdb", "--if-exists", config.database)),
            Run(_sql(config.user, f"DROP ROLE IF EXISTS {config.user}")),
            Run(("rm", "-rf", str(config.data_dir), str(config.etc_dir))),
            Run(("userdel", config.user), unless=("sh", "-c", f"! id -u {config.user}")),
        ]
    return steps


def under(root: Path | None, path: Path) -> Path:
    return root / path.relative_to("/") if root is not None else path


def apply(steps: Iterable[Step], *, root: Path | None, dry_run: bool,
          say: Callable[[str], None]) -> None:
    """Run the steps in order; the first failing command stops the install."""
    for step in steps:
        if dry_run:
            say(f"  would {step.describe()}")
            continue
        if isinstance(step, MakeDir):
            path = under(root, step.path)
            path.mkdir(parents=True, exist_ok=True)
            path.chmod(step.mode)
            _chown(step.owner, path, root)
            say(f"  done  {step.describe()}")
        elif isinstance(step, WriteFile):
            path = under(root, step.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + ".new")
            temporary.write_text(step.text, encoding="utf-8")
            temporary.chmod(step.mode)
            _chown(step.owner, temporary, root)
            temporary.replace(path)
            say(f"  done  {step.describe()}")
        elif root is not None:
            say(f"  not run (--root) {step.describe()}")
        elif isinstance(step, Run):
            _run(step, say)
        else:
            step.function()
            say(f"  done  {step.describe()}")


def _chown(owner: str, path: Path, root: Path | None) -> None:
    if owner and root is None:
        user, group = owner.split(":")
        shutil.chown(path, user, group)


def _run(step: Run, say: Callable[[str], None]) -> None:
    import os

    env = {**os.environ, **step.env}
    if step.unless and subprocess.run(step.unless, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL).returncode == 0:
        say(f"  kept  {step.describe()}")
        return
    say(f"  run   {' '.join(step.argv)}")
    result = subprocess.run(step.argv, env=env)
    if result.returncode != 0:
        raise InstallError(f"`{' '.join(step.argv)}` failed (exit {result.returncode})")
