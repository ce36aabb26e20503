"""China's unified social credit code (统一社会信用代码, GB 32100-2015). Pure Python.

18 characters: registration authority (1), organisation kind (1), administrative
division (6 digits), organisation code (9, GB 11714), check character (1). The
alphabet leaves out I, O, S, V and Z, which look like digits.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {char: value for value, char in enumerate(ALPHABET)}


def normalise_credit_code(text: str) -> str:
    """Upper case, spaces and hyphens removed: how codes are stored."""
    return "".join(text.split()).replace("-", "").upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must use the code's alphabet)."""
    total = sum(
        _VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_error(code: str) -> str | None:
    """Why `code` is not a valid credit code, or None when it is."""
    if len(code) != 18:
        return "length"
    if any(char not in _VALUES for char in code):
        return "characters"
    if not code[2:8].isdigit():
        return "division"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_error(normalise_credit_code(code)) is None


def organisation_code(serial: int) -> str:
    """A GB 11714 organisation code (8 digits + check) for a serial number."""
    body = f"{serial:08d}"
    total = sum(
        int(d) * w for d, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(*, division: str, serial: int, kind: str = "91") -> str:
    """A well-formed code for demo data: `kind` 91 is a company (工商, 企业)."""
    first17 = f"{kind}{division}{organisation_code(serial)}"
    return first17 + check_character(first17)
