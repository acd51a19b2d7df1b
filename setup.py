"""Build step that puts the top-level data files people edit inside the package.

intents.yaml, responses/ and the rest stay at the top of the checkout, where they are edited
and where a checkout (or an editable install) reads them. A wheel or a plain `pip install .`
gets a copy of each in bot/_data/, which bot/__init__.py finds when the checkout is not there.
Everything else about the package is declared in pyproject.toml.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# What the app reads at run time, relative to the checkout; a name that does not exist (yet)
# is skipped, so listing a folder before it is first committed costs nothing.
SHIPPED_DATA = (
    "intents.yaml",
    "manifest.json",
    "responses",
    "model",
)
# Where the copies go inside the package; bot/__init__.py looks there.
PACKAGE_DATA_DIR = Path("bot", "_data")
# Editor and interpreter leftovers that may sit in a data folder and are never data.
NOT_DATA = ("__pycache__", "*.pyc", ".*", "*~", "*.swp")


def shipped_files() -> list[Path]:
    """Every file of SHIPPED_DATA that exists, relative to the checkout."""
    files: list[Path] = []
    for name in SHIPPED_DATA:
        source = ROOT / name
        found = [source] if source.is_file() else sorted(source.rglob("*"))
        files.extend(path.relative_to(ROOT) for path in found if path.is_file() and _is_data(path))
    return files


def _is_data(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return not any(fnmatch(part, pattern) for part in parts for pattern in NOT_DATA)


class BuildWithData(build_py):
    """build_py, then a copy of the shipped data into the built package."""

    def run(self) -> None:
        super().run()
        # An editable install reads the checkout itself; a copy would only go stale.
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib, PACKAGE_DATA_DIR)
        for relative in shipped_files():
            destination = target / relative
            self.mkpath(str(destination.parent))
            self.copy_file(str(ROOT / relative), str(destination))

    def get_source_files(self) -> list[str]:
        # The source distribution takes its file list from here, so it carries the data too
        # and a wheel built from it is complete.
        return [*super().get_source_files(), *(str(path) for path in shipped_files())]


setup(cmdclass={"build_py": BuildWithData})
