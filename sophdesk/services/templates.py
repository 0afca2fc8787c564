"""Update templates: shipped in the package, overridable by a team.

The package ships one Markdown template per audience in
``sophdesk/templates/updates/<audience>.md``. A team overrides one by putting a
file of the same name in ``<config dir>/templates/updates/`` (the folder of the
config file: ``~/.config/sophdesk`` on Linux, or the folder of
``SOPHDESK_CONFIG_FILE``). An override that cannot be read or names an unknown
placeholder is an error naming the file, never silently replaced by the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sophdesk import paths
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.updates import Audience, check_template

PACKAGE_FOLDER = "templates/updates"


@dataclass(frozen=True, slots=True)
class UpdateTemplate:
    audience: Audience
    text: str
    #: Where it came from: the override's path, or "package".
    source: str


def override_dir() -> Path:
    """Where a team's templates live: ``<config dir>/templates/updates``."""
    return paths.templates_dir() / "updates"


def shipped(audience: Audience) -> str:
    folder = resources.files("sophdesk").joinpath(PACKAGE_FOLDER)
    return folder.joinpath(f"{audience.value}.md").read_text(encoding="utf-8")


def load_template(audience: Audience) -> UpdateTemplate:
    """The team's template for ``audience`` if there is one, else the package's."""
    path = override_dir() / f"{audience.value}.md"
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"the update template {path} cannot be read: {exc}") from None
        check_template(text, f"the update template {path}")
        return UpdateTemplate(audience, text, str(path))
    return UpdateTemplate(audience, shipped(audience), "package")
