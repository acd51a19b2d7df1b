"""`mailhelp intents`: list the topics and aliases, validating intents.yaml on the way."""

from __future__ import annotations

import argparse

from bot.cli.common import load_engine


def run_intents(args: argparse.Namespace) -> int:
    engine = load_engine()
    catalog = engine.catalog
    rule_count = (
        len(catalog.keyword_rules)
        + len(catalog.phrase_rules)
        + len(catalog.pattern_rules)
        + len(catalog.code_rules)
    )
    for intent in catalog:
        print(f"{intent.id:22} {intent.title}")
        print(f"{'':22} {intent.summary}")
        print(f"{'':22} aliases: {', '.join(intent.aliases)}")
    print(f"\n{catalog.source}: valid, {len(catalog)} intents, {rule_count} rules")
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "intents",
        help="list intents and aliases; checks intents.yaml",
        description="List every intent with its aliases. Exits 2, naming the file, line and "
        "field, when intents.yaml is broken.",
    )
    parser.set_defaults(handler=run_intents)
