"""What the bot last diagnosed in each thread, read and written without breaking a conversation."""

from __future__ import annotations

import hashlib
import json
import logging

from bot.entities.model import Entities
from bot.storage.workspaces import Diagnosis, WorkspaceStore

log = logging.getLogger(__name__)


# The facts that make a case a different case. The SMTP reply's wording is left out: how much
# of a sentence it quotes varies with what follows it, while its codes do not.
CASE_FACTS = ("sender", "recipient", "message_id", "smtp_code", "enhanced_code", "date", "subject")


def case_hash(entities: Entities) -> str:
    """A digest of the case's facts: equal facts give equal digests, and nothing is kept."""
    facts = [(name, getattr(entities, name)) for name in CASE_FACTS]
    canonical = json.dumps(facts, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def remember(
    store: WorkspaceStore, team_id: str, channel_id: str, thread_ts: str, diagnosis: Diagnosis
) -> None:
    try:
        store.remember_diagnosis(team_id, channel_id, thread_ts, diagnosis)
    except Exception:
        # Only follow-ups in this thread lose their context; the answer itself is out.
        log.warning("could not remember the answer in %s", channel_id, exc_info=True)


def find(
    store: WorkspaceStore, team_id: str, channel_id: str, thread_ts: str
) -> tuple[str, Diagnosis] | None:
    try:
        return store.diagnosis_in(team_id, channel_id, thread_ts)
    except Exception:
        # Unsure means quiet: a thread reply is then left alone, as before follow-ups existed.
        log.warning("could not look up the answer in %s", channel_id, exc_info=True)
        return None


def replace(
    store: WorkspaceStore,
    team_id: str,
    channel_id: str,
    thread_ts: str,
    old: Diagnosis,
    new: Diagnosis,
) -> bool:
    try:
        return store.replace_diagnosis(team_id, channel_id, thread_ts, old, new)
    except Exception:
        log.warning(
            "could not update the answer in %s; not answering again", channel_id, exc_info=True
        )
        return False
