"""The base of every error a person fixes by changing a setting, a data file or the database."""

from __future__ import annotations


class SetupError(Exception):
    """mailhelp cannot start or go on as configured; the message says what to fix, in one line.

    The command line prints it as `mailhelp: <message>` and exits 2, the web process stops with
    it, and neither shows a traceback. It lives in a module of its own, importing nothing, so
    the command line can catch it without loading what raises it.
    """
