"""Extra training copies that teach the model what does not matter.

People anonymise what they paste, and public bounce samples do the same: addresses at
example.com, example.org or example.net turn up in every kind of problem, not only in questions
about test addresses. The writers of the corpus invented realistic domains instead, so without
help the model would learn "example.com means test addresses". For a share of the examples with
addresses (chosen by a hash of the text, so training stays deterministic), a copy with those
domains replaced is trained on as well; copies are never scored in evaluation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace

from bot.learned.corpus import Example

# Where a reserved example domain would change the label, no copy is made.
KEEP_DOMAINS_FOR = frozenset({"test_addresses", "invalid_address"})
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
# One example with addresses in this many gets an anonymised copy.
SHARE = 3
_ADDRESS = re.compile(r"(?<=[\w.+-]@)[\w-]+(?:\.[\w-]+)+")


def _bucket(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")


def anonymised_copies(examples: Iterable[Example]) -> list[Example]:
    copies: list[Example] = []
    for example in examples:
        if example.intent in KEEP_DOMAINS_FOR or "@" not in example.text:
            continue
        bucket = _bucket(example.text)
        if bucket % SHARE:
            continue
        domain = EXAMPLE_DOMAINS[bucket // SHARE % len(EXAMPLE_DOMAINS)]
        text, count = _ADDRESS.subn(domain, example.text)
        if count:
            copies.append(replace(example, text=text, source=f"{example.source} (anonymised)"))
    return copies
