"""Database URLs lose their password in any text, parsed or not."""

from __future__ import annotations

import pytest

from sophdesk.domain.urls import hide_passwords, mask_urls

PW = "S3cr3tPw"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            f"postgresql+psycopg://desk:{PW}@host/db",
            "postgresql+psycopg://desk:***@host/db",
        ),
        (
            f"the database postgresql+psycopg://desk:{PW}@host:99999999/db failed",
            "the database postgresql+psycopg://desk:***@host:99999999/db failed",
        ),
        (
            f"'postgresql://desk:{PW}@x@host:port/db' is bad",
            "'postgresql://desk:***@host:port/db' is bad",
        ),
        (f"postgresql://desk:a:b/{PW}@host/db", "postgresql://desk:***@host/db"),
        (f"postgresql://desk:{PW}%40x@[::1/db", "postgresql://desk:***@[::1/db"),
        (f"post gres://desk:{PW}@host/db", "post gres://desk:***@host/db"),
        (
            f"pg://desk:{PW}@host/db?application_name=a@b",
            "pg://desk:***@host/db?application_name=a@b",
        ),
        (f"sqlite:///x.db?password={PW}&mode=rw", "sqlite:///x.db?password=***&mode=rw"),
        (f"postgresql://h/db?sslpassword={PW}", "postgresql://h/db?sslpassword=***"),
        ("sqlite:////home/ana/desk.db", "sqlite:////home/ana/desk.db"),
        ("postgresql://desk@host/db", "postgresql://desk@host/db"),
        ("no url here: a@b and x=y", "no url here: a@b and x=y"),
    ],
)
def test_mask_urls(text: str, shown: str) -> None:
    assert mask_urls(text) == shown


def test_password_quoted_apart_from_its_url_is_hidden() -> None:
    url = f"postgresql://desk:{PW}%21@host/db"
    said = f"server said: password '{PW}!' was refused for {url}"
    hidden = hide_passwords(said, url)
    assert PW not in hidden
    assert "postgresql://desk:***@host/db" in hidden
