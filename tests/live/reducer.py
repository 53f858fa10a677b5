"""Run the page's reducer (static/dahui/live/reducer.js) under node, many cases per call."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REDUCER = (
    Path(__file__).resolve().parents[2] / "src/dahui/static/dahui/live/reducer.js"
)
_RUNNER = """
const reducer = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  const out = cases.map(([snapshot, messages]) => reducer.applyMessages(snapshot, messages));
  process.stdout.write(JSON.stringify(out));
});
"""


def reduce_all(cases: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> list[Any]:
    """For each (snapshot, messages): the reduced snapshot, or None for "fetch a fresh one"."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the live reducer's tests", pytrace=False)
    done = subprocess.run(
        [node, "-e", _RUNNER, str(REDUCER)], input=json.dumps(cases), capture_output=True,
        text=True, timeout=30, check=True,
    )
    return json.loads(done.stdout)
