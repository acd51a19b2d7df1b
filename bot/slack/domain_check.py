"""The DNS check in Slack: reading `/mailhelp check ...`, the "Check the domain" button under
answers, and posting the report."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bot.dnscheck.checker import CheckRequest
from bot.dnscheck.names import BadInputError, parse_domain, parse_ip, parse_selector
from bot.entities.model import Entities
from bot.render import slack as slack_format
from bot.render.context import consumer_provider, domain_of
from bot.render.document import Format
from bot.render.renderer import render_document
from bot.slack.blocks import button
from bot.slack.deps import Deps
from bot.slack.ids import Action
from bot.slack.replies import Outlet

# Answers about these topics turn on the sending domain's DNS, so they offer the check.
CHECK_INTENTS = frozenset({"domain_verification", "blocked", "spam", "microsoft_queued"})
# A domain, three selectors and an IP are plenty; the rest of a long text is ignored.
MAX_WORDS = 5
_TS = re.compile(r"\d{1,12}\.\d{1,8}")


@dataclass(frozen=True, slots=True)
class CheckRef:
    """Rides in the "Check the domain" button: the domain and the answer's thread."""

    domain: str
    thread_ts: str | None = None

    def encode(self) -> str:
        return json.dumps({"d": self.domain, "t": self.thread_ts}, separators=(",", ":"))

    @classmethod
    def decode(cls, value: Any) -> CheckRef | None:
        """None for a value this app did not write, or whose domain is not one it would check."""
        try:
            data = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("d"), str):
            return None
        try:
            domain = parse_domain(data["d"]).ascii
        except BadInputError:
            return None
        thread = data.get("t")
        return cls(domain, thread if isinstance(thread, str) and _TS.fullmatch(thread) else None)


def sending_domain(entities: Entities) -> str | None:
    """The domain mail was sent from: the sender's, else a named company domain that is not
    the recipient's; only a domain the check would accept."""
    recipient_domain = domain_of(entities.recipient)
    candidates = [domain_of(entities.sender), *entities.domains]
    for candidate in candidates:
        if not candidate or candidate == recipient_domain or consumer_provider(candidate):
            continue
        try:
            return parse_domain(candidate).ascii
        except BadInputError:
            continue
    return None


def check_button(deps: Deps, intent: str, entities: Entities, thread_ts: str | None) -> list[Any]:
    """The "Check the domain" button for an answer, when it is about a known sending domain."""
    domain = sending_domain(entities) if intent in CHECK_INTENTS else None
    if domain is None:
        return []
    value = CheckRef(domain, thread_ts).encode()
    return [button(deps.check_wording.button_label, Action.CHECK_DOMAIN, value)]


def read_check_text(text: str) -> CheckRequest:
    """`example.com [selector ...] [IP]`: the words after `/mailhelp check`."""
    words = text.split()[:MAX_WORDS]
    if not words:
        raise BadInputError("no_domain", "")
    domain, rest = parse_domain(words[0]), words[1:]
    ip = None
    selectors: list[str] = []
    for word in rest:
        if word.replace(".", "").isdigit() or ":" in word:
            ip = parse_ip(word)
        else:
            selectors.append(parse_selector(word))
    return CheckRequest(domain=domain, selectors=tuple(dict.fromkeys(selectors)), ip=ip)


def post_check(deps: Deps, outlet: Outlet, request: CheckRequest) -> None:
    """Run the check (lookups take up to 8 s, so only ever after the ack) and post the report."""
    report = deps.checker.check(request)
    document = deps.check_wording.document(report, ip=request.ip, shown=request.domain.shown)
    rendered = render_document(document, Format.SLACK)
    outlet.send(text=rendered.text, blocks=rendered.blocks)


def refuse(deps: Deps, outlet: Outlet, error: BadInputError) -> None:
    outlet.send(text=slack_format.inline(deps.check_wording.refusal(error)))


def answer_check_command(deps: Deps, outlet: Outlet, text: str) -> None:
    try:
        request = read_check_text(text)
    except BadInputError as error:
        refuse(deps, outlet, error)
        return
    post_check(deps, outlet, request)
