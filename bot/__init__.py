"""mailhelp: triage of email-delivery problems for support teams."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INTENTS_PATH = PROJECT_ROOT / "intents.yaml"
DEFAULT_RESPONSES_DIR = PROJECT_ROOT / "responses"
