"""The size of a DKIM public key, read from the base64 of its `p=` tag."""

from __future__ import annotations

import base64
import binascii

_SEQUENCE, _INTEGER, _BIT_STRING = 0x30, 0x02, 0x03
ED25519_KEY_BYTES = 32


class KeyFormatError(ValueError):
    """`p=` is not base64, or not a public key of the kind `k=` names."""


def _element(der: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER element at `pos`."""
    if pos + 2 > len(der):
        raise KeyFormatError("truncated")
    tag, length = der[pos], der[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > len(der):
            raise KeyFormatError("bad length")
        length = int.from_bytes(der[pos : pos + count], "big")
        pos += count
    if pos + length > len(der):
        raise KeyFormatError("truncated")
    return tag, pos, pos + length


def _modulus_bits(der: bytes, pos: int) -> int:
    """Bits of n in an RSAPublicKey (PKCS #1) SEQUENCE { n INTEGER, e INTEGER } at `pos`."""
    tag, start, _ = _element(der, pos)
    if tag != _SEQUENCE:
        raise KeyFormatError("not an RSA key")
    tag, n_start, n_end = _element(der, start)
    if tag != _INTEGER:
        raise KeyFormatError("not an RSA key")
    modulus = der[n_start:n_end].lstrip(b"\x00")
    return len(modulus) * 8 - (8 - modulus[0].bit_length()) if modulus else 0


def decode_key(value: str) -> bytes:
    """The key bytes of a `p=` value; white space inside it is allowed (RFC 6376 3.6.1)."""
    compact = "".join(value.split())
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise KeyFormatError("not base64") from None


def key_bits(value: str, key_type: str = "rsa") -> int:
    """The key's size in bits: the RSA modulus, or 256 for an Ed25519 key (RFC 8463)."""
    der = decode_key(value)
    if key_type == "ed25519":
        if len(der) != ED25519_KEY_BYTES:
            raise KeyFormatError("not an Ed25519 key")
        return 256
    tag, start, end = _element(der, 0)
    if tag != _SEQUENCE or end != len(der):
        raise KeyFormatError("not a public key")
    first, _, first_end = _element(der, start)
    if first == _INTEGER:
        # A bare RSAPublicKey rather than the SubjectPublicKeyInfo RFC 6376 asks for.
        return _modulus_bits(der, 0)
    tag, bits_start, bits_end = _element(der, first_end)
    if first != _SEQUENCE or tag != _BIT_STRING or bits_end != end:
        raise KeyFormatError("not a public key")
    # The BIT STRING's first byte counts unused bits; the RSAPublicKey follows it.
    return _modulus_bits(der, bits_start + 1)
