"""The command-line face: every desk action is scriptable. Bare ``sophdesk`` opens the desk.

One module per family of commands; each registers its commands on ``main`` when
imported, and ``main`` imports a module when one of its commands is wanted
(``LAZY_COMMANDS`` in :mod:`sophdesk.cli.app`): ``sophdesk redact`` starts
without loading the database commands.
Exit codes: 0 done; 1 refused (unknown incident, illegal move, invalid input);
2 usage error; 3 the database or the config file cannot be used.
"""

from sophdesk.cli.app import main

__all__ = ["main"]
