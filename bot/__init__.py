"""mailhelp: triage of email-delivery problems for support teams."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INTENTS_PATH = PROJECT_ROOT / "intents.yaml"
DEFAULT_RESPONSES_DIR = PROJECT_ROOT / "responses"
DEFAULT_MODEL_PATH = PROJECT_ROOT / "model" / "triage_model.json"
# The labelled examples the model is trained from; read only by `mailhelp train` and `eval --cv`.
DEFAULT_EXAMPLES_DIR = PROJECT_ROOT / "examples"
