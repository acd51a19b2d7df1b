"""Bounce files shared with the bot (.eml, .txt): checked, downloaded with the bot token, read."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from slack_sdk.web import WebClient

from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.middleware import MAX_TEXT_CHARS

log = logging.getLogger(__name__)

# A bounce with the original message attached is rarely over a few hundred KB; a bigger file
# is not read at all rather than read in part.
MAX_FILE_BYTES = 2_000_000
# Only the first few files of one message are read; the rest are mentioned nowhere.
MAX_FILES = 3
DOWNLOAD_TIMEOUT_S = 10
# Slack's own file types for saved e-mail and plain text, and the MIME types it reports.
BOUNCE_SUFFIXES = (".eml", ".txt")
BOUNCE_FILETYPES = frozenset({"email", "eml", "text"})
BOUNCE_MIMETYPES = frozenset({"message/rfc822", "text/plain"})
# The bot token goes only to Slack's file host (and to the Web API's host, which serves files
# in tests and in Slack-compatible deployments).
SLACK_FILE_HOSTS = frozenset({"files.slack.com"})


class Problem(StrEnum):
    TOO_BIG = "file_too_big"
    WRONG_TYPE = "file_wrong_type"
    UNREADABLE = "file_unreadable"


@dataclass(frozen=True, slots=True)
class ReadFile:
    name: str
    text: str | None
    problem: Problem | None = None


def shared_file_ids(event: dict[str, Any]) -> list[str]:
    files = event.get("files")
    if not isinstance(files, list):
        return []
    ids = [str(f["id"]) for f in files if isinstance(f, dict) and isinstance(f.get("id"), str)]
    return ids[:MAX_FILES]


def is_bounce_file(info: dict[str, Any]) -> bool:
    name = str(info.get("name") or "").lower()
    kind = str(info.get("filetype") or "").lower()
    mime = str(info.get("mimetype") or "").lower().split(";")[0].strip()
    return name.endswith(BOUNCE_SUFFIXES) and (kind in BOUNCE_FILETYPES or mime in BOUNCE_MIMETYPES)


class FileReader:
    """Reads the files of one message with the client's (the workspace's) bot token."""

    def __init__(self, client: WebClient, *, api_url: str, surface: str, channel: str) -> None:
        self._client = client
        api = urlsplit(api_url)
        self._allowed = {("https", host) for host in SLACK_FILE_HOSTS}
        self._allowed.add((api.scheme, api.hostname or ""))
        self._surface = surface
        self._channel = channel

    def read_all(self, file_ids: list[str]) -> list[ReadFile]:
        return [self.read(file_id) for file_id in file_ids]

    def read(self, file_id: str) -> ReadFile:
        try:
            info = self._client.files_info(file=file_id).get("file")
        except CALL_ERRORS as error:
            log_failure("files.info", error, surface=self._surface, channel=self._channel)
            return ReadFile("file", None, Problem.UNREADABLE)
        if not isinstance(info, dict):
            return ReadFile("file", None, Problem.UNREADABLE)
        name = str(info.get("name") or "file")[:100]
        if not is_bounce_file(info):
            return ReadFile(name, None, Problem.WRONG_TYPE)
        size = info.get("size")
        if isinstance(size, int) and size > MAX_FILE_BYTES:
            return ReadFile(name, None, Problem.TOO_BIG)
        url = info.get("url_private_download") or info.get("url_private")
        data = self._download(str(url or ""))
        if data is None:
            return ReadFile(name, None, Problem.UNREADABLE)
        if len(data) > MAX_FILE_BYTES:
            return ReadFile(name, None, Problem.TOO_BIG)
        if b"\x00" in data:
            # A binary file renamed .txt; its "text" would be noise.
            return ReadFile(name, None, Problem.WRONG_TYPE)
        return ReadFile(name, data.decode("utf-8", errors="replace")[:MAX_TEXT_CHARS])

    def _download(self, url: str) -> bytes | None:
        parts = urlsplit(url)
        if (parts.scheme, parts.hostname or "") not in self._allowed:
            log.error("refused to download a %s file from an unexpected host", self._surface)
            return None
        token = self._client.token
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response:
                content_type = str(response.headers.get("Content-Type", ""))
                data: bytes = response.read(MAX_FILE_BYTES + 1)
        except (urllib.error.URLError, OSError) as error:
            log_failure("file download", error, surface=self._surface, channel=self._channel)
            return None
        if content_type.startswith("text/html"):
            # Slack answers a download it will not authorise with its sign-in page.
            reason = "got a web page, not the file (token refused?)"
            log_failure("file download", reason, surface=self._surface, channel=self._channel)
            return None
        return data
