"""No float arithmetic in the rules core: no float literal, no float(), no round()."""

import ast
from pathlib import Path

import dahui.rules

RULES_DIR = Path(dahui.rules.__file__).parent


def test_no_module_of_the_rules_core_uses_floats():
    offending = []
    for path in sorted(RULES_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, float):
                offending.append(f"{path.name}:{node.lineno}: float literal")
            if isinstance(node, ast.Name) and node.id in ("float", "round"):
                offending.append(f"{path.name}:{node.lineno}: {node.id}")
            if isinstance(node, ast.Attribute) and node.attr in ("floor", "ceil", "fsum"):
                offending.append(f"{path.name}:{node.lineno}: math.{node.attr}")
    assert offending == []
