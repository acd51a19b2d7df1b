"""intents.yaml compiled once: word rules indexed, regexes compiled, aliases mapped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ahocorasick_rs
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.intents.fuzzy import WordMatcher
from bot.intents.literals import required_literals
from bot.intents.loader import load_intents_file
from bot.intents.schema import IntentsFile, IntentSpec
from bot.intents.text import fold, tokenize


@dataclass(frozen=True, slots=True)
class WordRule:
    """A keyword or phrase of one intent, as vocabulary words."""

    intent: str
    kind: str  # "keyword" or "phrase"
    label: str
    words: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class PatternRule:
    intent: str
    label: str
    regex: re.Pattern[str]
    weight: float
    # One of these appears in any text the regex matches; None when that cannot be told.
    literals: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class CodeRule:
    intent: str
    code: str
    enhanced: bool
    weight: float


@dataclass(frozen=True, slots=True)
class Context:
    words: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    without_context: float
    max_score_without_context: float


def _words(text: str) -> tuple[str, ...]:
    return tuple(tokenize(fold(text)))


class Catalog:
    """Every intent of intents.yaml with its rules precompiled for the matcher."""

    def __init__(self, spec: IntentsFile, *, source: Path | None = None) -> None:
        self.source = source
        self.intents: dict[str, IntentSpec] = {intent.id: intent for intent in spec.intents}
        self.keyword_rules: list[WordRule] = []
        self.phrase_rules: list[WordRule] = []
        self.pattern_rules: list[PatternRule] = []
        self.code_rules: list[CodeRule] = []
        self.excludes: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for intent in spec.intents:
            self._compile(intent, intent.id)
        for intent in spec.intents:
            for other in intent.rules.borrows:
                self._compile_words(self.intents[other], intent.id)
        self.context = Context(
            words=frozenset(word for term in spec.context.keywords for word in _words(term)),
            patterns=tuple(re.compile(p, re.IGNORECASE) for p in spec.context.patterns),
            without_context=spec.context.without_context,
            max_score_without_context=spec.context.max_score_without_context,
        )
        # Negators are compared with folded tokens, so "n'est" and "didn't" are written folded.
        self.negators = frozenset(word for term in spec.negation.words for word in _words(term))
        self.negation_window = spec.negation.window
        self.not_typos = frozenset(domain.lower() for domain in spec.typo_domains.not_typos)
        vocabulary = {
            word for rule in self.keyword_rules + self.phrase_rules for word in rule.words
        }
        vocabulary |= self.context.words
        vocabulary |= {
            word for rules in self.excludes.values() for _, words in rules for word in words
        }
        self.words = WordMatcher(vocabulary)
        self.keywords_by_word: dict[str, list[WordRule]] = {}
        for rule in self.keyword_rules:
            self.keywords_by_word.setdefault(rule.words[0], []).append(rule)
        self.phrases_by_word = self._index_phrases()
        self._literals = sorted(
            {lit for rule in self.pattern_rules if rule.literals for lit in rule.literals}
        )
        self._literal_search = (
            ahocorasick_rs.AhoCorasick(self._literals) if self._literals else None
        )
        self._rules_by_literal: dict[str, list[int]] = {}
        self._unfiltered: list[int] = []
        for number, pattern_rule in enumerate(self.pattern_rules):
            if pattern_rule.literals is None:
                self._unfiltered.append(number)
            else:
                for literal in pattern_rule.literals:
                    self._rules_by_literal.setdefault(literal, []).append(number)
        self._topics = self._topic_index()

    def _compile_words(self, source: IntentSpec, owner: str) -> None:
        for term in (*source.rules.keywords, *source.rules.phrases):
            words = _words(term.text)
            if not words:
                continue
            kind = "keyword" if len(words) == 1 else "phrase"
            target = self.keyword_rules if kind == "keyword" else self.phrase_rules
            target.append(WordRule(owner, kind, term.text, words, term.weight))

    def _compile(self, intent: IntentSpec, owner: str) -> None:
        rules = intent.rules
        self._compile_words(intent, owner)
        for pattern in rules.patterns:
            compiled = re.compile(pattern.regex, re.IGNORECASE)
            self.pattern_rules.append(
                PatternRule(
                    intent.id,
                    pattern.name,
                    compiled,
                    pattern.weight,
                    required_literals(pattern.regex),
                )
            )
        for code in rules.codes:
            enhanced = "." in code.code
            self.code_rules.append(CodeRule(intent.id, code.code, enhanced, code.weight))
        self.excludes[intent.id] = [(text, _words(text)) for text in rules.excludes]

    def _index_phrases(self) -> dict[str, list[WordRule]]:
        """Each phrase under its least common word: a message only checks phrases it could hold."""
        usage: dict[str, int] = {}
        for rule in self.phrase_rules:
            for word in set(rule.words):
                usage[word] = usage.get(word, 0) + 1
        index: dict[str, list[WordRule]] = {}
        for rule in self.phrase_rules:
            anchor = min(rule.words, key=lambda word: (usage[word], word))
            index.setdefault(anchor, []).append(rule)
        return index

    def candidate_patterns(self, lowered: str) -> list[tuple[PatternRule, list[int] | None]]:
        """The pattern rules worth running, each with where its required strings occur.

        One pass over the text finds every required string; a rule none of whose strings
        occur cannot match and is skipped. None as positions means "search everywhere".
        """
        positions: dict[int, list[int]] = {}
        if self._literal_search is not None:
            for index, start, _end in self._literal_search.find_matches_as_indexes(
                lowered, overlapping=True
            ):
                for number in self._rules_by_literal[self._literals[index]]:
                    positions.setdefault(number, []).append(start)
        chosen: list[tuple[PatternRule, list[int] | None]] = [
            (self.pattern_rules[number], None) for number in self._unfiltered
        ]
        chosen.extend(
            (self.pattern_rules[number], sorted(starts)) for number, starts in positions.items()
        )
        return chosen

    def _topic_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for intent in self.intents.values():
            index[intent.id] = intent.id
            index[intent.id.replace("_", " ")] = intent.id
            index[fold(intent.title)] = intent.id
            for alias in intent.aliases:
                index[fold(alias).strip()] = intent.id
        return index

    @classmethod
    def load(cls, intents_path: Path, responses_dir: Path | None = None) -> Catalog:
        return cls(
            load_intents_file(intents_path, responses_dir=responses_dir), source=intents_path
        )

    def __iter__(self) -> Iterator[IntentSpec]:
        return iter(self.intents.values())

    def __len__(self) -> int:
        return len(self.intents)

    def get(self, intent_id: str) -> IntentSpec | None:
        return self.intents.get(intent_id)

    def title(self, intent_id: str) -> str:
        intent = self.intents.get(intent_id)
        return intent.title if intent is not None else intent_id

    def resolve_topic(self, word: str) -> str | None:
        """An intent id for an alias, id or title as typed, tolerating a typo or two."""
        key = " ".join(tokenize(fold(word)))
        if not key:
            return None
        exact = self._topics.get(key) or self._topics.get(key.replace(" ", "_"))
        if exact is not None:
            return exact
        allowed = 1 if len(key) < 7 else 2
        best = process.extractOne(
            key, list(self._topics), scorer=DamerauLevenshtein.distance, score_cutoff=allowed
        )
        return self._topics[best[0]] if best is not None else None
