"""The shape of intents.yaml, as pydantic models that refuse unknown fields."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

INTENT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Basic codes are three digits (RFC 5321); enhanced codes are class.subject.detail (RFC 3463).
# A trailing `*` matches any detail, so `5.7.*` covers every 5.7.x policy reply.
BASIC_CODE = re.compile(r"^[245](\d\d|\d\*|\*)$")
ENHANCED_CODE = re.compile(r"^[245]\.\d{1,3}\.(\d{1,3}|\*)$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeightedTerm(Strict):
    """A word or phrase, matched with typo tolerance; several words match in any order."""

    text: str = Field(min_length=1)
    weight: float = Field(gt=0.0, le=5.0)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class WeightedPattern(Strict):
    """A regular expression over the raw text, for provider wording that decides an intent."""

    # What a person reads as the reason ("Microsoft Queued mail for delivery"), not the regex.
    name: str = Field(min_length=1, max_length=60)
    regex: str = Field(min_length=1)
    weight: float = Field(gt=0.0, le=5.0)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            # With the catalog's flags, so its compile of the same pattern is a cache hit.
            re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"bad regex: {exc}") from exc
        return value


class CodeRule(Strict):
    """SMTP status codes that point at an intent."""

    code: str
    weight: float = Field(gt=0.0, le=5.0)

    @field_validator("code")
    @classmethod
    def _is_code(cls, value: str) -> str:
        if not (BASIC_CODE.match(value) or ENHANCED_CODE.match(value)):
            raise ValueError(
                f"{value!r} is neither a basic code like 550 nor an enhanced code like 5.1.1"
            )
        return value


class ProviderRule(Strict):
    """The recipient's mailbox provider, as extracted, counting towards an intent."""

    provider: str = Field(min_length=1)
    weight: float = Field(gt=0.0, le=5.0)


class Rules(Strict):
    keywords: tuple[WeightedTerm, ...] = ()
    phrases: tuple[WeightedTerm, ...] = ()
    patterns: tuple[WeightedPattern, ...] = ()
    codes: tuple[CodeRule, ...] = ()
    providers: tuple[ProviderRule, ...] = ()
    # Added when an address's domain looks like a typo of a well-known mail domain.
    typo_domain: float = Field(default=0.0, ge=0.0, le=5.0)
    excludes: tuple[str, ...] = ()
    # When set, the intent only scores if the recipient's provider is one of these or one of the
    # intent's own patterns matched (provider wording identifies the provider by itself).
    requires_provider: tuple[str, ...] = ()
    # Other intents whose evidence, when present, means this one is not the answer.
    yields_to: tuple[str, ...] = ()
    # Other intents whose keywords and phrases count for this one as well.
    borrows: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _has_a_rule(self) -> Rules:
        if not (self.keywords or self.phrases or self.patterns or self.codes):
            raise ValueError("needs at least one of keywords, phrases, patterns or codes")
        return self


class IntentSpec(Strict):
    id: str
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    aliases: tuple[str, ...] = Field(min_length=1)
    rules: Rules

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not INTENT_ID.match(value):
            raise ValueError("must be lower-case letters, digits and underscores")
        return value


class Context(Strict):
    """Words that show a message is about email at all; keywords alone count less without them."""

    keywords: tuple[str, ...] = Field(min_length=1)
    patterns: tuple[str, ...] = ()
    # How much a rule counts when the message shows no sign of being about email.
    without_context: float = Field(default=0.35, ge=0.0, le=1.0)
    # The most any intent scores then, however many rules fire: kept below what it takes to
    # speak unprompted, so chatter that happens to use mail words never gets a reply.
    max_score_without_context: float = Field(default=0.9, ge=0.0, le=5.0)

    @field_validator("patterns")
    @classmethod
    def _compile(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from exc
        return value


class Negation(Strict):
    """Words that cancel a keyword standing just after them ("no bounce", "not in junk")."""

    words: tuple[str, ...] = ()
    # How many tokens before a keyword a negating word still reaches.
    window: int = Field(default=3, ge=1, le=6)


class TypoDomains(Strict):
    """Real mail domains that look like a slip of a famous one; never reported as typos."""

    not_typos: tuple[str, ...] = ()


class IntentsFile(Strict):
    version: int = Field(ge=1, le=1)
    context: Context
    negation: Negation = Field(default_factory=Negation)
    typo_domains: TypoDomains = Field(default_factory=TypoDomains)
    intents: tuple[IntentSpec, ...] = Field(min_length=1)
