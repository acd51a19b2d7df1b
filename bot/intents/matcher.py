"""Triage: score every intent of the catalog against one message, best first, with evidence."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from bot.codes.parse import StatusCodes, code_matches, parse_status_codes
from bot.entities.extract import extract_entities
from bot.entities.model import Entities
from bot.intents.catalog import Catalog, WordRule
from bot.intents.fuzzy import singular
from bot.intents.result import Candidate, Evidence, TriageResult
from bot.intents.scoring import confidences
from bot.intents.text import MAX_MATCH_CHARS, analysis_window, fold, tokenize

# Phrase words may be this many tokens further apart than the phrase is long.
PHRASE_SLACK = 2
# An intent whose yields_to partner scores at least this keeps only a fraction of its score.
YIELD_AT = 2.0
YIELD_FACTOR = 0.3
# The local part of an address names a mailbox, not the problem ("suppressed@example.com"),
# so it is hidden from the rules; the domain stays, since typo domains are evidence.
_ADDRESS_LOCAL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@(?=[\w-]+\.[\w.-]+)")
# Evidence kinds that decide an intent, as opposed to loose words.
DECISIVE_KINDS = ("pattern:", "code:", "provider:", "typo:")
# Mail servers wrap long replies: a continuation line starts with blanks or repeats the reply
# code ("550-5.7.26 ..."). Joined up, provider wording matches however it was wrapped.
_CONTINUATION = re.compile(
    r"\r?\n(?:[ \t]+|(?:<<< )?[245]\d\d[ -](?:#?[245]\.\d{1,3}\.\d{1,3}[ \t]+)?)"
)
_SPACES = re.compile(r"[ \t]{2,}")


# A pattern match spans at most a few lines; it is looked for this far around the strings
# it must contain, instead of across a whole paste.
SEARCH_MARGIN = 400


def _search_near(regex: re.Pattern[str], text: str, starts: list[int]) -> re.Match[str] | None:
    window_end = -1
    for start in starts:
        if start < window_end:
            continue
        begin = max(0, start - SEARCH_MARGIN)
        window_end = min(len(text), start + SEARCH_MARGIN)
        found = regex.search(text, begin, window_end)
        if found is not None:
            return found
    return None


def _unwrap(text: str) -> str:
    return _SPACES.sub(" ", _CONTINUATION.sub(" ", text))


@dataclass(frozen=True, slots=True)
class RuleScores:
    """What the rules found in one message: raw scores per intent, their evidence, the case."""

    text: str
    scores: dict[str, float]
    evidence: dict[str, tuple[Evidence, ...]]
    entities: Entities
    codes: StatusCodes = field(default_factory=StatusCodes)
    has_context: bool = False
    # The message lower-cased, accents removed and mailbox names hidden, as the rules read it.
    folded: str = ""

    def evidence_for(self, intent: str) -> tuple[Evidence, ...]:
        return self.evidence.get(intent, ())

    def decisive_weight(self, intent: str) -> float:
        return sum(e.weight for e in self.evidence_for(intent) if e.rule.startswith(DECISIVE_KINDS))


class _Tally:
    def __init__(self) -> None:
        self.scores: dict[str, float] = defaultdict(float)
        self.evidence: dict[str, list[Evidence]] = defaultdict(list)
        self.seen: set[tuple[str, str]] = set()

    def add(self, intent: str, rule: str, matched: str, weight: float) -> None:
        if (intent, rule) in self.seen:
            return
        self.seen.add((intent, rule))
        self.scores[intent] += weight
        self.evidence[intent].append(Evidence(rule=rule, matched=matched[:80], weight=weight))


def _phrase_found(
    words: tuple[str, ...], positions: dict[str, list[int]]
) -> tuple[int, int] | None:
    """First and last position of every phrase word found close together, in any order."""
    if any(word not in positions for word in words):
        return None
    span = len(words) + PHRASE_SLACK
    anchor = min(words, key=lambda word: len(positions[word]))
    for start in positions[anchor]:
        chosen: list[int] = []
        for word in words:
            near = [index for index in positions[word] if abs(index - start) < span]
            if not near:
                break
            chosen.append(min(near, key=lambda index: abs(index - start)))
        else:
            return min(chosen), max(chosen)
    return None


class Matcher:
    """Pure triage over a compiled catalog; it never decides whether to speak."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._specs = catalog.intents
        self._typo_weights = [
            (spec.id, spec.rules.typo_domain) for spec in catalog if spec.rules.typo_domain
        ]

    def triage(self, text: str) -> TriageResult:
        """The rules' verdict alone: ranked candidates from rule scores."""
        scored = self.score(text)
        ranked = confidences(scored.scores)
        candidates = tuple(
            Candidate(intent=intent, confidence=confidence, evidence=scored.evidence_for(intent))
            for intent, confidence in ranked
        )
        return TriageResult(text=scored.text, candidates=candidates, entities=scored.entities)

    def score(self, text: str) -> RuleScores:
        """Every intent's raw rule score and the evidence behind it, before any ranking."""
        capped = text[:MAX_MATCH_CHARS] if isinstance(text, str) else ""
        if not capped.strip():
            return RuleScores(text=capped, scores={}, evidence={}, entities=Entities())
        window = analysis_window(text)
        if not window.isascii():
            # Lone surrogates (from broken decoding upstream) cannot be encoded; make them visible.
            window = window.encode("utf-8", "replace").decode("utf-8")
        masked = _ADDRESS_LOCAL.sub("_@", window) if "@" in window else window
        folded = fold(masked)
        tokens = tokenize(folded)
        canonical = [self.catalog.words.canonical(token) for token in tokens]
        positions: dict[str, list[int]] = defaultdict(list)
        vocabulary = self.catalog.words
        for index, word in enumerate(canonical):
            if word is not None:
                positions[word].append(index)
                # Phrases take the plural too ("invalid emails" for "invalid email").
                base = singular(word)
                if base is not None and base in vocabulary:
                    positions[base].append(index)
        codes = parse_status_codes(window)
        entities = extract_entities(window, status_codes=codes, not_typos=self.catalog.not_typos)
        tally = _Tally()
        has_context = self._has_context(canonical, folded, entities, codes)
        factor = 1.0 if has_context else self.catalog.context.without_context
        self._score_patterns(_unwrap(masked), factor, tally)
        self._score_codes(codes, tally)
        self._score_keywords(tokens, canonical, factor, tally)
        self._score_phrases(tokens, canonical, positions, factor, tally)
        self._apply_providers(entities, tally)
        self._apply_excludes(positions, tally)
        self._apply_yields(tally)
        if not has_context:
            ceiling = self.catalog.context.max_score_without_context
            for intent_id, score in tally.scores.items():
                tally.scores[intent_id] = min(score, ceiling)
        return RuleScores(
            text=capped,
            scores=dict(tally.scores),
            evidence={intent: tuple(found) for intent, found in tally.evidence.items()},
            entities=entities,
            codes=codes,
            has_context=has_context,
            folded=folded,
        )

    def _score_patterns(self, text: str, factor: float, tally: _Tally) -> None:
        lowered = text.lower()
        # Lower-casing a few scripts changes string length; then offsets cannot be trusted.
        aligned = len(lowered) == len(text)
        for rule, starts in self.catalog.candidate_patterns(lowered):
            if starts is None or not aligned:
                found = rule.regex.search(text)
            else:
                found = _search_near(rule.regex, text, starts)
            if found is not None:
                weight = rule.weight * factor
                tally.add(rule.intent, f"pattern:{rule.label}", found.group(0), weight)

    def _score_codes(self, codes: StatusCodes, tally: _Tally) -> None:
        if not codes.reply_like:
            return
        for rule in self.catalog.code_rules:
            found = codes.enhanced if rule.enhanced else codes.basic
            for code in found:
                if code_matches(rule.code, code):
                    tally.add(rule.intent, f"code:{rule.code}", code, rule.weight)
                    break

    def _has_context(
        self,
        canonical: list[str | None],
        folded: str,
        entities: Entities,
        codes: StatusCodes,
    ) -> bool:
        context = self.catalog.context
        if entities.addresses or codes.reply_like:
            return True
        if any(word in context.words for word in canonical if word is not None):
            return True
        return any(pattern.search(folded) for pattern in context.patterns)

    def _negated(self, tokens: list[str], index: int) -> bool:
        start = max(0, index - self.catalog.negation_window)
        negators = self.catalog.negators
        return any(token in negators for token in tokens[start:index])

    def _score_keywords(
        self, tokens: list[str], canonical: list[str | None], factor: float, tally: _Tally
    ) -> None:
        for index, word in enumerate(canonical):
            rules: list[WordRule] = self.catalog.keywords_by_word.get(word, []) if word else []
            if not rules or self._negated(tokens, index):
                continue
            for rule in rules:
                tally.add(rule.intent, f"keyword:{rule.label}", tokens[index], rule.weight * factor)

    def _score_phrases(
        self,
        tokens: list[str],
        canonical: list[str | None],
        positions: dict[str, list[int]],
        factor: float,
        tally: _Tally,
    ) -> None:
        index = self.catalog.phrases_by_word
        candidates = [rule for word in positions for rule in index.get(word, ())]
        for rule in candidates:
            found = _phrase_found(rule.words, positions)
            if found is None:
                continue
            start, end = found[0], found[1] + 1
            # "says 'Not Delivered'" is not "says delivered": a negator in or just before the
            # phrase, that is not one of its own words, cancels it.
            if any(
                tokens[index] in self.catalog.negators and canonical[index] not in rule.words
                for index in range(max(0, start - 1), end)
            ):
                continue
            tally.add(
                rule.intent,
                f"phrase:{rule.label}",
                " ".join(tokens[start:end]),
                rule.weight * factor,
            )

    def _apply_providers(self, entities: Entities, tally: _Tally) -> None:
        if entities.typo_hints:
            hint = entities.typo_hints[0]
            for intent_id, weight in self._typo_weights:
                tally.add(intent_id, "typo:domain", f"{hint.domain} -> {hint.suggestion}", weight)
        for intent_id in list(tally.scores):
            rules = self._specs[intent_id].rules
            provider_missing = (
                rules.requires_provider and entities.provider not in rules.requires_provider
            )
            # The provider's own wording ("Queued mail for delivery") names it by itself.
            if provider_missing and not any(
                e.rule.startswith("pattern:") for e in tally.evidence[intent_id]
            ):
                del tally.scores[intent_id]
                continue
            # A provider alone is no problem ("hotmail was my first address"); it only sharpens.
            if entities.provider is not None:
                for rule in rules.providers:
                    if rule.provider == entities.provider:
                        tally.add(
                            intent_id, f"provider:{rule.provider}", rule.provider, rule.weight
                        )

    def _apply_excludes(self, positions: dict[str, list[int]], tally: _Tally) -> None:
        for intent_id, excludes in self.catalog.excludes.items():
            if intent_id not in tally.scores:
                continue
            for label, words in excludes:
                if words and _phrase_found(words, positions) is not None:
                    del tally.scores[intent_id]
                    tally.evidence[intent_id].append(Evidence(f"excluded:{label}", label, 0.0))
                    break

    def _apply_yields(self, tally: _Tally) -> None:
        """A general intent gives way where a specific one has decisive evidence, not mere words."""
        original = dict(tally.scores)
        decisive = {
            intent: sum(
                e.weight for e in tally.evidence[intent] if e.rule.startswith(DECISIVE_KINDS)
            )
            for intent in original
        }
        for intent_id, score in original.items():
            for other in self._specs[intent_id].rules.yields_to:
                if decisive.get(other, 0.0) >= YIELD_AT:
                    tally.scores[intent_id] = score * YIELD_FACTOR
                    break
