"""The verifier's report in Chinese (default) or English.

Messages are English msgids with their Simplified Chinese translations in
locale/zh_Hans/LC_MESSAGES/django.po, read directly with polib so that the verifier needs
neither Django nor a compiled catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from dahui.crypto.verifier import Verification

CATALOGUE = Path(__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# The words a finding's parameters may hold, translated as whole words.
STEPS = {
    "format": "Record format",
    "manifest": "Election parameters",
    "ceremony": "Key ceremony",
    "ballots": "Cast ballots",
    "trackers": "Tracker chain",
    "spoiled": "Spoiled ballots",
    "totals": "Encrypted totals",
    "decryption": "Decryption",
    "counts": "Counts",
    "result": "Result",
}
WORDS = {
    "for": "for",
    "against": "against",
    "sum": "sum",
    "mark": "mark",
    "limit": "limit",
    "layout": "layout",
}


def _(message: str) -> str:
    """Marks a msgid for extraction; translation happens in `translator`."""
    return message


@cache
def _chinese() -> dict[str, str]:
    import polib

    return {e.msgid: e.msgstr for e in polib.pofile(str(CATALOGUE)) if e.msgstr}


def translator(lang: str) -> Callable[[str], str]:
    if lang == "en":
        return lambda message: message
    table = _chinese()
    return lambda message: table.get(message, message)


def render(verification: Verification, *, record: str, lang: str = "zh") -> str:
    t = translator(lang)
    lines = [t("Election record: {record}").format(record=record)]
    failed_steps = {f.step for f in verification.findings}
    counted = verification.summary
    for step, title in STEPS.items():
        mark = "✗" if step in failed_steps else "✓"
        lines.append(f"  {mark} {t(title)}")
    lines.append(
        t(
            "Checked: {ballots} cast ballots, {spoiled} spoiled ballots, {totals} totals, "
            "{scrutineers} scrutineers ({qualified} qualified)."
        ).format(
            **{
                k: counted.get(k, 0)
                for k in ("ballots", "spoiled", "totals", "scrutineers", "qualified")
            }
        )
    )
    if verification.ok:
        lines.append(t("Verified: every proof holds and the result follows from the ballots."))
        return "\n".join(lines)
    lines.append(t("FAILED: {count} problems").format(count=len(verification.findings)))
    for finding in verification.findings:
        params = {
            k: t(WORDS[v]) if isinstance(v, str) and v in WORDS else v
            for k, v in finding.params.items()
        }
        lines.append(f"  [{t(STEPS[finding.step])}] " + t(finding.message).format(**params))
    return "\n".join(lines)
