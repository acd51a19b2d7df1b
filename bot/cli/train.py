"""`mailhelp train`: rebuild the triage model from the example corpus, or check it is current."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from bot import DEFAULT_EXAMPLES_DIR, DEFAULT_INTENTS_PATH, DEFAULT_MODEL_PATH


def _paths(args: argparse.Namespace) -> tuple[Path, Path, Path]:
    from bot.settings import load_settings

    settings = load_settings()
    intents = settings.mailhelp_intents_path or DEFAULT_INTENTS_PATH
    model = Path(args.output) if args.output else settings.mailhelp_model_path or DEFAULT_MODEL_PATH
    return intents, Path(args.examples), model


def run_train(args: argparse.Namespace) -> int:
    from bot.intents.catalog import Catalog
    from bot.learned.corpus import CorpusError, load_corpus
    from bot.learned.freshness import file_digest, stale_reasons
    from bot.learned.model import ModelFileError
    from bot.learned.storage import read_model, write_model

    intents_path, examples_dir, model_path = _paths(args)
    catalog = Catalog.load(intents_path)
    try:
        examples = load_corpus(examples_dir, catalog.intents)
    except CorpusError as exc:
        print(f"mailhelp train: {exc}", file=sys.stderr)
        return 2
    if args.check:
        try:
            model = read_model(model_path)
        except ModelFileError as exc:
            print(f"mailhelp train: {exc}", file=sys.stderr)
            return 1
        reasons = stale_reasons(model, examples, intents_path)
        if reasons:
            print(f"{model_path} is stale: {'; '.join(reasons)}. Run `mailhelp train`.")
            return 1
        print(f"{model_path} is up to date with {examples_dir} and {intents_path.name}.")
        return 0
    # Training needs SciPy, which triage does not: imported only here.
    try:
        from bot.learned.training import featurize, train_model
    except ImportError as exc:
        print(
            f"mailhelp train: needs the training extra ({exc.name} is missing): "
            "pip install -e '.[train]'",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    from bot.intents.matcher import Matcher

    data = featurize(Matcher(catalog), examples, sorted(catalog.intents))
    model = train_model(data, intents_sha256=file_digest(intents_path))
    write_model(model, model_path)
    labels = Counter(example.label for example in examples)
    writers = Counter(example.writer for example in examples)
    print(f"trained on {len(examples)} examples from {len(writers)} writers in {examples_dir}")
    print(f"  per label: {', '.join(f'{k} {v}' for k, v in sorted(labels.items()))}")
    print(f"  features kept: {len(model.features)}; calibration temperature {model.temperature}")
    print(f"wrote {model_path} in {time.perf_counter() - started:.1f} s")
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "train",
        help="rebuild the triage model from the example corpus",
        description=(
            "Trains the model from examples/ (one JSON-lines file per intent, plus null) and "
            "the rules in intents.yaml, and writes it as JSON. The same corpus gives the same file."
        ),
    )
    parser.add_argument(
        "--examples", default=str(DEFAULT_EXAMPLES_DIR), help="corpus folder (default: examples/)"
    )
    parser.add_argument("--output", help="model file to write (default: MAILHELP_MODEL_PATH)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="only check that the stored model was built from this corpus and intents.yaml",
    )
    parser.set_defaults(handler=run_train)
