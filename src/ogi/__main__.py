"""`python -m ogi …`: the `ogi` command, for environments where its script is not on
the path (a virtualenv not activated, a scheduler that runs modules)."""

from ogi.cli import app

app(prog_name="ogi")
