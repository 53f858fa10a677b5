"""`dahui install` into a throwaway root: the files are written for real (and Caddy checks
its Caddyfile, the settings module loads the settings file); the system commands (apt,
useradd, PostgreSQL, systemctl) are listed but not run. A second run keeps the secret key
and the addresses; `dahui uninstall --dry-run` lists what it would remove."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dahui.cli import main
from dahui.deploy import caddyfile, files
from dahui.deploy.config import InstallConfig, InstallError, choose_tls
from tests.services import caddy_path, missing

DAHUI = Path(sys.executable).with_name("dahui")


def _install(root: Path, *args: str) -> int:
    return main(["install", "--root", str(root), *args])


def test_install_writes_every_file_below_the_root_and_runs_nothing(tmp_path, capsys):
    assert _install(tmp_path, "--address", "dahui.lan", "--address", "192.168.10.2",
                    "--workers", "3") == 0
    out = capsys.readouterr().out
    assert "not run (--root) run systemctl restart dahui.service" in out
    assert "not run (--root) run apt-get install" in out
    env = files.parse_env((tmp_path / "etc/dahui/dahui.env").read_text())
    assert env["DAHUI_ALLOWED_HOSTS"] == "dahui.lan,192.168.10.2"
    assert env["DAHUI_CSRF_TRUSTED_ORIGINS"] == "https://dahui.lan,https://192.168.10.2"
    assert env["DAHUI_HTTPS"] == "1"
    assert env["DAHUI_STATIC_ROOT"] == "/var/www/dahui/static"
    assert len(env["DAHUI_SECRET_KEY"]) >= 50
    assert (tmp_path / "etc/dahui/dahui.env").stat().st_mode & 0o777 == 0o640
    unit = (tmp_path / "etc/systemd/system/dahui.service").read_text()
    assert "ExecStart=/opt/dahui/venv/bin/dahui serve --host 127.0.0.1 --port 8000 " \
           "--workers 3" in unit
    assert "EnvironmentFile=/etc/dahui/dahui.env" in unit
    assert (tmp_path / "var/lib/dahui").stat().st_mode & 0o777 == 0o700
    caddy = (tmp_path / "etc/caddy/Caddyfile").read_text()
    assert "https://dahui.lan, https://192.168.10.2 {" in caddy
    assert "tls internal" in caddy
    assert "root * /var/www/dahui/static" in caddy
    assert "reverse_proxy 127.0.0.1:8000" in caddy
    assert os.access(tmp_path / "usr/local/bin/dahui-admin", os.X_OK)


def test_a_second_run_keeps_the_secret_key_and_the_addresses(tmp_path):
    assert _install(tmp_path, "--address", "dahui.lan") == 0
    first = files.parse_env((tmp_path / "etc/dahui/dahui.env").read_text())
    assert _install(tmp_path) == 0
    second = files.parse_env((tmp_path / "etc/dahui/dahui.env").read_text())
    assert second == first


def test_a_domain_gets_a_public_certificate_and_no_ca_page(tmp_path):
    assert _install(tmp_path, "--address", "congress.example.org", "--email",
                    "it@example.org") == 0
    caddy = (tmp_path / "etc/caddy/Caddyfile").read_text()
    assert "tls internal" not in caddy
    assert "email it@example.org" in caddy
    assert "/ca/" not in caddy


def test_refusals_are_plain(tmp_path, capsys):
    assert _install(tmp_path) == 2
    assert "--address" in capsys.readouterr().err
    assert _install(tmp_path, "--address", "dahui.lan", "--tls", "acme") == 2
    assert "internal CA" in capsys.readouterr().err
    assert _install(tmp_path, "--address", "bad host") == 2
    with pytest.raises(InstallError):
        InstallConfig(addresses=("a.lan",), tls="internal", workers=0)
    assert choose_tls(("10.0.0.5",), "auto") == "internal"
    assert choose_tls(("congress.example.org",), "auto") == "acme"


def test_dry_run_lists_and_writes_nothing(tmp_path, capsys):
    assert _install(tmp_path, "--address", "dahui.lan", "--dry-run") == 0
    assert "would run /usr/local/bin/dahui-admin manage migrate --noinput" in \
        capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
    assert main(["uninstall", "--root", str(tmp_path), "--dry-run", "--purge"]) == 0
    assert "would run userdel dahui" in capsys.readouterr().out


def test_caddy_accepts_the_written_caddyfile(tmp_path):
    caddy = caddy_path()
    if caddy is None:
        missing("needs Debian's caddy package at /usr/bin/caddy")
    for address in ("dahui.lan", "congress.example.org"):
        root = tmp_path / address
        assert _install(root, "--address", address) == 0
        result = subprocess.run(
            [caddy, "validate", "--adapter", "caddyfile",
             "--config", str(root / "etc/caddy/Caddyfile")],
            capture_output=True, text=True, env={**os.environ, "HOME": str(tmp_path)})
        assert result.returncode == 0, result.stderr


def test_the_settings_file_gives_secure_production_settings(tmp_path):
    config = InstallConfig(addresses=("dahui.lan",), tls="internal",
                           data_dir=tmp_path / "data", public_dir=tmp_path / "public")
    env = {**os.environ, **files.settings_values(config, secret_key=files.new_secret_key()),
           "DJANGO_SETTINGS_MODULE": "dahui.settings", "DATABASE_URL": ""}
    code = ("from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
            "s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.STATIC_ROOT, s.DEBUG)")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    assert result.stdout.split() == [
        "True", "True", "31536000", "['dahui.lan']", "['https://dahui.lan']",
        str(tmp_path / "public" / "static"), "False"]


def test_the_caddyfile_spreads_over_several_workers():
    text = caddyfile.render(addresses=["10.0.0.5"], upstreams=["127.0.0.1:1", "127.0.0.1:2"],
                            static_dir=Path("/s"), ca_dir=Path("/c"), tls="internal",
                            listen=caddyfile.Listen(https_port=8443, admin="off"))
    assert "reverse_proxy 127.0.0.1:1 127.0.0.1:2 {" in text
    assert "https_port 8443" in text
    assert "http://10.0.0.5 {" in text


def test_the_ca_page_carries_the_certificate_its_fingerprint_and_its_own_qr(tmp_path):
    from dahui.deploy import ca_page

    key, cert = tmp_path / "key.pem", tmp_path / "root.crt"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=hall test root",
                    "-days", "1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    expected = subprocess.run(["openssl", "x509", "-in", str(cert), "-noout", "-fingerprint",
                               "-sha256"], check=True, capture_output=True, text=True)
    pem = cert.read_text()
    written = ca_page.write(pem=pem, addresses=["dahui.lan", "10.0.0.5"],
                            out_dir=tmp_path / "ca")
    page = (tmp_path / "ca" / "index.html").read_text()
    assert ca_page.fingerprint(pem) == expected.stdout.strip().split("=", 1)[1]
    assert ca_page.fingerprint(pem) in page
    assert "http://dahui.lan/ca/" in page
    assert "<svg" in page
    assert "<script" not in page
    assert (tmp_path / "ca" / ca_page.CERTIFICATE_NAME).read_text() == pem
    assert all(path.stat().st_mode & 0o777 == 0o644 for path in written)


def test_uninstall_below_the_root_gives_caddy_back_its_welcome_page(tmp_path, capsys):
    assert _install(tmp_path, "--address", "dahui.lan") == 0
    assert main(["uninstall", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "not run (--root) run systemctl disable --now dahui.service" in out
    assert "userdel" not in out  # the data and the user stay without --purge
    assert "dahui" not in (tmp_path / "etc/caddy/Caddyfile").read_text()
    assert (tmp_path / "etc/dahui/dahui.env").exists()
