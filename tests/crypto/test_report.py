import ast
from pathlib import Path

from dahui.crypto import report, verifier
from dahui.crypto.verifier import Finding, Verification


def _verifier_messages() -> set[str]:
    tree = ast.parse(Path(verifier.__file__).read_text(encoding="utf-8"))
    found = {verifier.BALLOT_PROBLEM}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "fail":
            message = node.args[1]
            if isinstance(message, ast.Constant):
                found.add(message.value)
    return found


def test_every_message_of_the_verifier_and_report_has_a_chinese_translation():
    catalogue = report._chinese()
    needed = _verifier_messages() | set(report.STEPS.values()) | set(report.WORDS.values())
    assert sorted(needed - set(catalogue)) == []


def test_a_failure_reads_in_chinese_with_its_words_translated():
    verification = Verification(
        findings=[
            Finding(
                "ballots",
                verifier.BALLOT_PROBLEM,
                {"number": 17, "tracker": "ab" * 8, "selection": "c2", "proof": "sum"},
            )
        ],
        summary={"ballots": 300},
    )
    text = report.render(verification, record="r", lang="zh")
    assert "  ✗ 已投选票" in text
    assert "第 17 张选票（追踪码 abababababababab）：c2：赞成与不赞成之和证明不成立" in text
    assert "核验未通过：发现 1 个问题" in text
