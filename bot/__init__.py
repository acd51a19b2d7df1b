"""mailhelp: triage of email-delivery problems for support teams."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# In a checkout (and an editable install) the package sits beside the data files people edit.
PROJECT_ROOT = PACKAGE_DIR.parent
# An installed wheel carries copies of them here instead (setup.py puts them there).
SHIPPED_DATA_DIR = PACKAGE_DIR / "_data"
# Where intents.yaml, responses/, manifest.json and the other data files are read from.
DATA_ROOT = SHIPPED_DATA_DIR if SHIPPED_DATA_DIR.is_dir() else PROJECT_ROOT
DEFAULT_INTENTS_PATH = DATA_ROOT / "intents.yaml"
DEFAULT_RESPONSES_DIR = DATA_ROOT / "responses"
MANIFEST_PATH = DATA_ROOT / "manifest.json"
