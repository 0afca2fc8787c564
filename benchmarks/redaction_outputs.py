"""Same outputs before and after: a digest of what the engine writes.

Redacts every document of the labelled corpus (in process, with findings) and
the 20 MB corpus-built file (the whole ``sophdesk redact FILE`` process, on every
core and with ``--jobs 1``), and writes one line per output: its name and the
SHA-256 of the redacted text (plus the findings, for the documents). Run it
before and after a change that must not change results, and diff the two files:

    python benchmarks/redaction_outputs.py > before.txt
    ... change ...
    python benchmarks/redaction_outputs.py > after.txt && diff before.txt after.txt

``--no-process`` skips the 20 MB runs (the documents take a second).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys

from _common import bench_env

from sophdesk.domain.redaction import redact


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-process", action="store_true", help="skip the 20 MB runs")
    args = parser.parse_args(argv)
    import redaction_quality

    for doc in redaction_quality.load_corpus():
        result = redact(doc.text)
        findings = repr(result.findings)
        print(f"{doc.name}  {_digest(result.text.encode())}  {_digest(findings.encode())}")
    if args.no_process:
        return 0
    from redaction_speed import corpus_file, log_file

    command = redaction_quality.sophdesk_command()
    for path in (corpus_file(), log_file()):
        for jobs in ([], ["--jobs", "1"]):
            done = subprocess.run(
                [*command, "redact", "--no-known", *jobs, str(path)],
                env=bench_env(),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=True,
            )
            print(f"{path.name} {' '.join(jobs) or 'every core'}  {_digest(done.stdout)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
