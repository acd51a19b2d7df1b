"""Turning one message, and what the rules found in it, into named model features.

Training and triage both call `message_features`, so a feature means the same thing on both
sides. The names are readable ("w:inbox", "c:uarant", "rule:blocked") because they are also
what a triage shows as its reasons.
"""

from __future__ import annotations

import math

from bot.intents.matcher import RuleScores
from bot.intents.scoring import squash
from bot.intents.text import tokenize

# Changing what a feature means makes a stored model stale: bump this with any such change.
FEATURE_VERSION = 1
# A long paste is read at its head and tail (the diagnosis and the question); the middle adds
# quoted headers that only cost time.
HEAD_CHARS = 3_000
TAIL_CHARS = 1_000
CHAR_NGRAMS = (3, 4, 5)
# Character n-grams of very long tokens (base64, hashes) say nothing about the topic.
MAX_TOKEN_CHARS = 30
MAX_TOKENS = 600
# Bounded, so that a flood of unique junk tokens cannot grow it without end.
TOKEN_CACHE_SIZE = 50_000
_TOKEN_CACHE: dict[str, tuple[str, ...]] = {}
# Rule findings are few and strong; a larger value lets them count against the L2 penalty,
# which otherwise shrinks a handful of dense features more than thousands of sparse ones.
RULE_SCALE = 3.0


def _window(folded: str) -> str:
    if len(folded) <= HEAD_CHARS + TAIL_CHARS:
        return folded
    return folded[:HEAD_CHARS] + " " + folded[-TAIL_CHARS:]


def _token_shape(token: str) -> str:
    # Numbers vary without changing the topic, except SMTP-looking codes, which are kept whole.
    if token.isdigit() and not (len(token) == 3 and token[0] in "245"):
        return "#"
    return token


def _token_features(token: str) -> tuple[str, ...]:
    """The word itself and its character n-grams; the same few thousand words recur in every
    message, so these are kept once made (see _TOKEN_CACHE)."""
    made = _TOKEN_CACHE.get(token)
    if made is not None:
        return made
    grams = ["w:" + token]
    if len(token) <= MAX_TOKEN_CHARS and token != "#":
        padded = f" {token} "
        for size in CHAR_NGRAMS:
            grams.extend(
                "c:" + padded[start : start + size] for start in range(len(padded) - size + 1)
            )
    made = tuple(grams)
    if len(_TOKEN_CACHE) >= TOKEN_CACHE_SIZE:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[token] = made
    return made


def text_features(folded: str) -> set[str]:
    """Words, word pairs and character n-grams inside words, of the folded message."""
    tokens = [_token_shape(token) for token in tokenize(_window(folded))[:MAX_TOKENS]]
    found: set[str] = set()
    previous = "<s>"
    for token in tokens:
        found.update(_token_features(token))
        found.add(f"b:{previous} {token}")
        previous = token
    return found


def rule_features(scored: RuleScores) -> dict[str, float]:
    """The rules' view as features: each intent's squashed score and its decisive evidence."""
    features: dict[str, float] = {}
    for intent, score in scored.scores.items():
        if score > 0:
            features["rule:" + intent] = RULE_SCALE * squash(score)
        decisive = scored.decisive_weight(intent)
        if decisive > 0:
            features["decisive:" + intent] = RULE_SCALE * min(decisive, 3.0) / 3.0
    for code in scored.codes.enhanced[:3]:
        features["code:" + code] = 1.0
        features["code:" + code[:3] + "x"] = 1.0
    if scored.entities.provider is not None:
        features["provider:" + scored.entities.provider] = 1.0
    if scored.entities.addresses:
        features["has:address"] = 1.0
    if not scored.has_context:
        features["has:no-mail-context"] = 1.0
    return features


def message_features(scored: RuleScores) -> dict[str, float]:
    """All features of a message; text ones scaled so long and short messages weigh alike."""
    words = text_features(scored.folded)
    scale = 1.0 / math.sqrt(len(words)) if words else 0.0
    features: dict[str, float] = dict.fromkeys(words, scale)
    features.update(rule_features(scored))
    return features


# What each kind of feature is called where a triage gives its reasons ("model:word").
KIND_LABELS = {
    "w": "word",
    "b": "words",
    "c": "letters",
    "rule": "rules",
    "decisive": "decisive",
    "code": "code",
    "provider": "provider",
    "has": "message",
}


def reason_label(name: str) -> tuple[str, str]:
    """A feature as a reason reads: its kind's label and its value (`("word", "inbox")`)."""
    kind, _, value = name.partition(":")
    return KIND_LABELS.get(kind, kind), value.strip()
