"""RFC 6238 TOTP codes, computed independently of allauth, for sign-in tests."""

import base64
import hashlib
import hmac
import struct
import time


def totp_code(
    secret: str, *, at: float | None = None, step: int = 30, digits: int = 6
) -> str:
    counter = int((time.time() if at is None else at) // step)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"
