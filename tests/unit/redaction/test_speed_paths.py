"""The code paths added for speed keep the engine's behaviour.

Quoted-printable soft breaks are decided locally (a big paste holds many
documents), so one e-mail no longer turns the ``=`` line ends of every other
document into soft breaks.
"""

from __future__ import annotations

import base64

from sophdesk.domain.redaction import redact
from sophdesk.domain.redaction.decoders import decoded_view

from .helpers import survives

KEY = "sk-proj-Q9vX2mTz7LkP4aR8wYb3Nc6Hd1Fg5Js0Ue2Oi9Kl4Mn7Bv3Cx8Za1Sd6Fg2Hj5"
EMAIL = "Content-Transfer-Encoding: quoted-printable\n\nHello,\n"


def test_soft_break_at_76_columns_without_a_header() -> None:
    # A quoted-printable body pasted without its headers: the encoder wrapped at 76.
    line = "the key you asked for, as it is in the settings page right now: " + KEY[:11]
    assert len(line) == 75
    text = f"{line}=\n{KEY[11:]}\nthanks\n"
    result = redact(text)
    assert not survives(KEY[:11] + KEY[11:19], result.text.replace("\n", ""))
    assert not survives(KEY[11:], result.text)


def test_soft_break_on_a_line_with_escapes() -> None:
    text = f"Gr=C3=BC=C3=9Fe, my key: {KEY[:20]}=\n{KEY[20:]}\n"
    result = redact(text)
    assert not survives(KEY[20:], result.text)


def test_soft_break_after_a_header_far_above() -> None:
    text = EMAIL + "x\n" * 2000 + f"key {KEY[:25]}=\n{KEY[25:]}\n"
    result = redact(text)
    assert not survives(KEY[25:], result.text)


def test_no_soft_breaks_without_quoted_printable() -> None:
    # Log banners and base64 padding end lines with "=": nothing is joined.
    padded = base64.b64encode(b"just some bytes!!").decode()
    assert padded.endswith("=")
    text = f"==== Start Log ====\n2025-03-11 09:12:44 started\nblob: {padded}\nnext: 42\n"
    assert decoded_view(text) is None
    assert redact(text).text == text


def test_an_email_does_not_make_other_documents_quoted_printable() -> None:
    other = "==== End Log ====\n2025-03-11 09:12:46 Authorization: Basic dXNlcjpwYXNz\n"
    text = EMAIL + "Gr=C3=BC=C3=9Fe=\n Anna\n" + "-\n" * 30_000 + other
    result = redact(text)
    # The banner and the next line stay two lines, each timestamp intact.
    assert "==== End Log ====\n2025-03-11 09:12:46 Authorization: Basic [" in result.text


def test_uppercase_header_counts() -> None:
    text = "CONTENT-TRANSFER-ENCODING: QUOTED-PRINTABLE\n\n" + f"key {KEY[:25]}=\n{KEY[25:]}\n"
    assert not survives(KEY[25:], redact(text).text)


def test_headers_found_on_the_lower_case_view_are_those_found_on_the_text() -> None:
    from sophdesk.domain.redaction.decoders import _qp_headers
    from sophdesk.domain.redaction.scan import Scan

    text = (
        "Content-Transfer-Encoding: quoted-printable\n"
        "X: QUOTED-PRINTABLE and Quoted-Printable and quoted-PRINTable (not one)\n"
        "über -printable alone, quoted -printable\n" * 3
    )
    found = _qp_headers(text, Scan(text).low)
    assert found == _qp_headers(text)
    assert len(found) == 9
