"""The public-sample data of ``benchmarks/public_samples.py`` loads, and carries its licences.

Only the data is checked here (each file reads, every sample is well formed, each
project's licence text and the NOTICE naming repository and commit are beside it).
How well the engine does on the samples is the benchmark's report, not a test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "public_samples"

#: data file -> (repository, licence file, a phrase of the licence, least positives)
SOURCES = {
    "gitleaks": ("gitleaks/gitleaks", "gitleaks-LICENSE.txt", "MIT License", 5000),
    "detect_secrets": (
        "Yelp/detect-secrets",
        "detect-secrets-LICENSE.txt",
        "Apache License",
        150,
    ),
    "presidio": ("microsoft/presidio", "presidio-LICENSE.txt", "MIT License", 800),
}


def load(name: str) -> list[dict[str, object]]:
    lines = (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_samples_load_and_are_well_formed(name: str) -> None:
    rows = load(name)
    positives = [r for r in rows if not r["negative"]]
    negatives = [r for r in rows if r["negative"]]
    assert len(positives) >= SOURCES[name][3]
    assert negatives
    for row in rows:
        assert row["source"] == name.replace("_", "-")
        assert row["family"]
        assert row["rule"]
        assert isinstance(row["text"], str)
        assert row["text"]
        assert isinstance(row["placeholder_like"], bool)
    for row in positives:
        assert row["secrets"], row["rule"]
        for secret in row["secrets"]:
            assert secret in row["text"], row["rule"]
    for row in negatives:
        assert row["secrets"] == []
        assert row["keep"] in row["text"]
        assert isinstance(row["secret_like"], bool)


def test_each_source_has_its_licence_and_notice() -> None:
    commits = json.loads((DATA / "commits.json").read_text(encoding="utf-8"))
    notice = (DATA / "LICENSES" / "NOTICE.md").read_text(encoding="utf-8")
    for name, (repo, licence_file, phrase, _) in SOURCES.items():
        licence = (DATA / "LICENSES" / licence_file).read_text(encoding="utf-8")
        assert phrase in licence
        assert f"https://github.com/{repo}" in notice
        assert len(commits[name]) == 40
        assert commits[name] in notice
        assert licence_file in notice
        assert f"{name}.jsonl" in notice
