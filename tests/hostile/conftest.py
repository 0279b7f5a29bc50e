"""Hostile and careless input: shared settings and helpers.

Hypothesis runs a fixed, derandomised set of examples without an example
database, so every run (and CI) tries exactly the same inputs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kit.errors import KitError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

settings.register_profile(
    "hostile", derandomize=True, database=None, deadline=None, max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile("hostile")

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "<iframe src=javascript:alert(4)>",
    "' onmouseover='alert(5)",
)


def kit_error(call, *fragments):
    """Run ``call``; it must raise a KitError whose text holds every fragment (case-blind)."""
    with pytest.raises(KitError) as info:
        call()
    text = str(info.value).lower()
    for fragment in fragments:
        assert fragment.lower() in text, f"{fragment!r} not in: {info.value}"
    assert "To fix:" in str(info.value), f"no fix in: {info.value}"
    return info.value


@pytest.fixture
def case(tmp_path):
    """A copy of the default case (articles and key) to break."""
    folder = tmp_path / "case"
    (folder / "articles").mkdir(parents=True)
    for f in (DATA / "articles").iterdir():
        shutil.copy2(f, folder / "articles" / f.name)
    shutil.copy2(DATA / "articles.csv", folder / "articles.csv")
    shutil.copytree(DATA / "annotations", folder / "annotations")
    return folder
