"""rules/ imports nothing but the standard library and itself (STYLE.md, 1)."""

import ast
import sys
from pathlib import Path

import dahui.rules

RULES_DIR = Path(dahui.rules.__file__).parent


def _imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_every_module_under_rules_imports_only_the_standard_library():
    offending = {}
    for path in sorted(RULES_DIR.rglob("*.py")):
        outside = {
            name
            for name in _imported_top_levels(path)
            if name not in sys.stdlib_module_names and name != "__future__"
        }
        # dahui.rules.* is the package itself; any other dahui module is not allowed.
        if "dahui" in outside and _imports_only_rules(path):
            outside.discard("dahui")
        if outside:
            offending[path.name] = sorted(outside)
    assert offending == {}


def _imports_only_rules(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dahui")
    ]
    modules += [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.startswith("dahui")
    ]
    return all(m == "dahui.rules" or m.startswith("dahui.rules.") for m in modules)


def test_the_check_sees_the_modules_it_guards():
    names = {path.name for path in RULES_DIR.rglob("*.py")}
    assert {"tally.py", "exchange.py", "stroke_order.py"} <= names


def test_a_third_party_import_would_be_caught(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import django\nfrom hypothesis import given\nimport json\n")
    assert _imported_top_levels(sample) - set(sys.stdlib_module_names) == {"django", "hypothesis"}
