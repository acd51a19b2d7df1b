"""Taking up acknowledged work a dead process left unfinished, and keeping this process's own.

Every RENEW_S this process renews the leases of the requests it is working on, then takes
the recorded requests whose lease ran out (their process died, or was killed mid-answer) and
runs each through the app again, as Slack delivered it. The answer claims recognise work taken
up this way, so a thread still gets one answer; only a process that died between Slack
accepting an answer and the work being marked done can make that answer appear twice.
"""

from __future__ import annotations

import json
import logging
import threading

from slack_bolt import App
from slack_bolt.request import BoltRequest
from sqlalchemy.exc import SQLAlchemyError

from bot.slack.work import LEASE_S, RECOVERED_WORK, RENEW_S, WorkBook
from bot.storage.background import BackgroundRecorder
from bot.storage.work import StaleWork

log = logging.getLogger(__name__)

# A request that failed this often is not tried again: its work itself must be failing.
MAX_ATTEMPTS = 3
# Past this a response_url has expired (Slack keeps them 30 minutes) and a late answer in a
# thread is more confusing than useful.
MAX_AGE_S = 1800.0
# Taken per round: a dead process's backlog is shared by whichever processes are alive.
TAKE_PER_ROUND = 50


class Recovery:
    def __init__(
        self, app: App, recorder: BackgroundRecorder, book: WorkBook, *, every_s: float = RENEW_S
    ) -> None:
        self._app = app
        self._recorder = recorder
        self._book = book
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mailhelp-recovery", daemon=True)

    def start(self) -> Recovery:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._recorder.gate.up:
                self.round()
            self._stop.wait(self._every_s)

    def round(self) -> int:
        """Renew this process's leases, then take up stale work; returns how much was taken."""
        work = self._recorder.sql.work
        try:
            work.renew(self._book.due_for_renewal(), LEASE_S)
            taken = work.take_stale(
                limit=TAKE_PER_ROUND,
                lease_s=LEASE_S,
                max_attempts=MAX_ATTEMPTS,
                max_age_s=MAX_AGE_S,
            )
        except SQLAlchemyError as exc:
            self._recorder.gate.failed("renew or take up work", self._recorder.sql.explain(exc))
            return 0
        for key in taken.abandoned:
            log.error("gave up on request %s: tried %d times or too old", key, MAX_ATTEMPTS)
        for item in taken.work:
            self._replay(item)
        return len(taken.work)

    def _replay(self, item: StaleWork) -> None:
        log.warning(
            "taking up request %s, left unfinished by a stopped process (attempt %d)",
            item.key,
            item.attempts,
        )
        try:
            body = json.loads(item.body)
            # Socket Mode's request shape: the body is already parsed and was verified when it
            # first arrived; its signature's timestamp is long stale by now.
            request = BoltRequest(body=body, mode="socket_mode", context={RECOVERED_WORK: item.key})
            self._app.dispatch(request)
        except Exception:
            log.exception("could not take up request %s", item.key)
            self._recorder.finish_work(item.key)
