"""How a school portal signs the report it pushes, and how the hub checks it.

The hub registers a school and gives it a key: a key ID (public, sent with every request) and a secret
(shown once, kept in the school portal's environment as HUB_KEY_SECRET). Each request carries

    X-Hub-Key:        the key ID
    X-Hub-Timestamp:  seconds since the epoch, when the request was signed
    X-Hub-Signature:  "sha256=" + HMAC-SHA256(secret, timestamp + "." + body), hex

and the hub refuses a request whose signature does not match (a tampered body, a wrong key) or whose
timestamp is more than SIGNATURE_TOLERANCE_SECONDS away from its clock (an old request replayed).
Every retry is signed afresh; a replay within the tolerance changes nothing, as a push is idempotent.
"""

import hashlib
import hmac
import time

KEY_HEADER = "X-Hub-Key"
TIMESTAMP_HEADER = "X-Hub-Timestamp"
SIGNATURE_HEADER = "X-Hub-Signature"
SIGNATURE_PREFIX = "sha256="
SIGNATURE_TOLERANCE_SECONDS = 15 * 60


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


def signed_headers(*, key_id: str, secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """The three headers of a signed request with this body."""
    timestamp = int(time.time() if now is None else now)
    return {
        KEY_HEADER: key_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret=secret, timestamp=timestamp, body=body),
    }


def signature_valid(*, secret: str, timestamp: str, given: str, body: bytes, now: float | None = None) -> bool:
    """True if `given` signs `body` at `timestamp` with `secret` and the timestamp is within the tolerance."""
    try:
        stamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - stamp) > SIGNATURE_TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(signature(secret=secret, timestamp=stamp, body=body), given or "")
