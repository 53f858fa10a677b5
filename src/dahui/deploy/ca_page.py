"""The page phones open to install Caddy's internal root certificate, printable for the door.

It is served by Caddy over plain HTTP too (a phone without the root cannot open HTTPS yet
without a warning), so it carries the root's SHA-256 fingerprint for anyone who wants to
check the file they got against the printed sheet.
"""

from __future__ import annotations

import hashlib
import html
import io
import ssl
from collections.abc import Sequence
from pathlib import Path

import segno

CERTIFICATE_NAME = "dahui-ca.crt"


def fingerprint(pem: str) -> str:
    """SHA-256 of the certificate (DER), as AA:BB:… the way phones show it."""
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def page_url(address: str) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}/ca/"


def qr_svg(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False,
                                     svgns=True, title="QR")
    return out.getvalue().decode()


def render(*, pem: str, addresses: Sequence[str]) -> str:
    url = page_url(addresses[0])
    https = f"https://{addresses[0]}/"
    fp = fingerprint(pem)
    esc = html.escape
    return f"""<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>安装会场证书 · Install the hall's certificate</title>
<style>
body {{ font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; max-width: 40em;
       margin: 1em auto; padding: 0 1em; line-height: 1.5; color: #111; }}
h1 {{ font-size: 1.6em; }} .en {{ color: #444; }}
.qr svg {{ width: 14em; height: 14em; }}
.download {{ display: inline-block; padding: .7em 1.4em; background: #b71c1c; color: #fff;
            border-radius: .4em; text-decoration: none; font-size: 1.2em; }}
code {{ word-break: break-all; font-size: .85em; }}
@media print {{ .download {{ display: none; }} body {{ margin: 0; }} }}
</style>
</head>
<body>
<h1>安装会场证书<br><span class="en">Install the hall's certificate</span></h1>
<p>大会系统在本会场网络内运行，使用会场自己的证书。请先用手机扫描下面的二维码，
安装一次证书，再扫描代表证上的二维码登录。<br>
<span class="en">The congress system runs on the hall's own network with its own certificate.
Scan this code once to install it, then scan the QR code on your credential.</span></p>
<p class="qr">{qr_svg(url)}</p>
<p><code>{esc(url)}</code></p>
<p><a class="download" href="{CERTIFICATE_NAME}">下载证书 · Download the certificate</a></p>
<h2>苹果手机 · iPhone</h2>
<ol>
<li>用 Safari 打开本页，点“下载证书”，选“允许”。<span class="en">Open this page in Safari,
tap Download, then Allow.</span></li>
<li>设置 → 已下载描述文件 → 安装。<span class="en">Settings → Profile Downloaded →
Install.</span></li>
<li>设置 → 通用 → 关于本机 → 证书信任设置 → 打开“Caddy Local Authority”根证书。<span
class="en">Settings → General → About → Certificate Trust Settings → turn on
“Caddy Local Authority”.</span></li>
</ol>
<h2>安卓手机 · Android</h2>
<ol>
<li>点“下载证书”。<span class="en">Tap Download.</span></li>
<li>设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书，选择下载的文件。<span class="en">Settings →
Security → Encryption &amp; credentials → Install a certificate → CA certificate.</span></li>
</ol>
<p>安装后打开 <code>{esc(https)}</code>，地址栏应显示锁形图标。<br>
<span class="en">Then open <code>{esc(https)}</code>: the address bar shows a lock.</span></p>
<h2>核对指纹 · Check the fingerprint (SHA-256)</h2>
<p><code>{fp}</code></p>
</body>
</html>
"""


def write(*, pem: str, addresses: Sequence[str], out_dir: Path) -> list[Path]:
    """The certificate and its page into `out_dir` (served at /ca/ by Caddy)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    certificate = out_dir / CERTIFICATE_NAME
    certificate.write_text(pem, encoding="ascii")
    page = out_dir / "index.html"
    page.write_text(render(pem=pem, addresses=addresses), encoding="utf-8")
    for path in (out_dir, certificate, page):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return [certificate, page]
