"""RFC 6238 TOTP codes, computed independently of allauth, for sign-in tests."""

import base64
import hashlib
import hmac
import struct
import time


def totp_code(
    secret: str, *, at: float | None = None, step: int = 30, digits: int = 6
) -> str:
    if at is None:
        # allauth accepts only the current period (MFA_TOTP_TOLERANCE = 0): a
        # code made in its last seconds may be checked in the next one on a
        # loaded machine. Wait for a fresh period instead.
        left = step - time.time() % step
        if left < 3:
            time.sleep(left + 0.05)
        at = time.time()
    counter = int(at // step)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


# A fixed base32 secret for test authenticators.
TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def force_login_with_mfa(client, user, *, secret: str = TEST_SECRET) -> None:
    """Sign `user` in as if they had typed their password and a TOTP code.

    Activates a TOTP authenticator and records the password and MFA steps in
    the session the way allauth's login flow does (`record_authentication`),
    without the two HTTP round trips; tests/accounts/test_admin_mfa.py and
    tests/security/test_staff_mfa.py go through the real flow.
    """
    from allauth.account.internal.flows import login as login_flow
    from allauth.account.internal.userkit import user_id_to_str
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = (
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        or TOTP.activate(user, secret).instance
    )
    client.force_login(user)
    session = client.session
    now = time.time()
    session[login_flow.AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
    ]
    session[login_flow._AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
