"""`mailhelp migrate`: bring the database to this version's schema; the Procfile's release phase."""

from __future__ import annotations

import argparse
import sys


def run_migrate(args: argparse.Namespace) -> int:
    from bot.settings import load_settings
    from bot.storage.engine import mask_url
    from bot.storage.migrate import schema_state
    from bot.storage.startup import open_store

    database_url = load_settings().database_url
    store = open_store(database_url)
    try:
        state = schema_state(store.engine)
    finally:
        store.close()
    print(
        f"mailhelp: the database at DATABASE_URL={mask_url(database_url)} is at schema "
        f"{state.current}, the latest",
        file=sys.stderr,
    )
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "migrate",
        help="create or upgrade the database's tables",
        description=(
            "Bring the database named by DATABASE_URL to the schema this version needs, creating "
            "it if it is new. Run it once per deploy, before the web processes start (the "
            "Procfile's release phase does); web processes wait for it and never migrate. "
            "Several at once are safe: the later ones wait, then find nothing to do."
        ),
    )
    parser.set_defaults(handler=run_migrate)
