"""Compiled templates kept on disk between runs, so a short command does not compile them again.

Jinja's own per-user cache directory is used: it creates it readable by the user alone and
refuses one that someone else owns. Jinja keys every entry by the template's path and a
checksum of its source, so an edited template is compiled afresh.
"""

from __future__ import annotations

import logging

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket

log = logging.getLogger(__name__)


class ForgivingFileCache(FileSystemBytecodeCache):
    """A cache entry that cannot be read or written only costs a compile, never an answer."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError) as exc:
            log.debug("compiled-template cache unreadable, compiling instead: %s", exc)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.debug("compiled-template cache not written: %s", exc)


def compiled_template_cache() -> BytecodeCache | None:
    """Jinja's per-user cache, or None where no safe directory for it can be had."""
    try:
        return ForgivingFileCache()
    except (RuntimeError, OSError) as exc:
        log.debug("no compiled-template cache: %s", exc)
        return None
