"""Skill tags: case, spelling and version variants collapse to one skill."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Skill.name and Skill.slug are 80 characters long.
SKILL_MAX_LENGTH = 80

# Variants that normalisation alone cannot join. Keys and values are already
# normalised keys (see `skill_key`).
_ALIASES = {
    "js": "javascript",
    "front-end": "frontend",
    "frontend-development": "frontend",
    "back-end": "backend",
    "backend-development": "backend",
    "ecmascript": "javascript",
    "ts": "typescript",
    "golang": "go",
    "py": "python",
    "python3": "python",
    "python2": "python",
    "html5": "html",
    "css3": "css",
    "es6": "javascript",
    "vue3": "vue",
    "cplusplus": "cpp",
    "k8s": "kubernetes",
    "postgres": "postgresql",
    "psql": "postgresql",
    "ml": "machine-learning",
    "dl": "deep-learning",
    "ai": "artificial-intelligence",
    "nlp": "natural-language-processing",
    "cv": "computer-vision",
    "reactjs": "react",
    "react-js": "react",
    "vuejs": "vue",
    "vue-js": "vue",
    "node": "nodejs",
    "node-js": "nodejs",
    "sklearn": "scikit-learn",
    "scikit": "scikit-learn",
    "tf": "tensorflow",
    "amazon-web-services": "aws",
    "gcp": "google-cloud",
    "ms-excel": "excel",
    "microsoft-excel": "excel",
}

# Display names for keys whose natural title-casing is wrong.
_DISPLAY = {
    "python": "Python",
    "cpp": "C++",
    "csharp": "C#",
    "fsharp": "F#",
    "dotnet": ".NET",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "nodejs": "Node.js",
    "postgresql": "PostgreSQL",
    "mysql": "MySQL",
    "aws": "AWS",
    "pytorch": "PyTorch",
    "tensorflow": "TensorFlow",
    "scikit-learn": "scikit-learn",
    "matlab": "MATLAB",
    "sql": "SQL",
    "html": "HTML",
    "css": "CSS",
    "php": "PHP",
    "ros": "ROS",
    "fpga": "FPGA",
    "cuda": "CUDA",
    "llm": "LLM",
    "github": "GitHub",
    "graphql": "GraphQL",
}

# "Python 3", "PyTorch 2.1": a separated trailing version number. Glued digits
# ("k8s", "S3", "IPv6") are part of the name; the common glued versions are aliases.
_VERSION_SUFFIX = re.compile(r"[\s-]+v?\d+(\.\d+)*$")


def skill_key(text: str) -> str:
    """The normalised key of a skill name: 'Python 3' and 'python' give 'python'."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = text.replace("c++", "cpp").replace("c#", "csharp").replace("f#", "fsharp")
    text = re.sub(r"^\.net\b", "dotnet", text)
    text = text.replace(".js", "js") if text.endswith(".js") else text
    text = _VERSION_SUFFIX.sub("", text) if not text.isdigit() else text
    key = re.sub(r"[^\w+]+", "-", text).strip("-")
    key = key.replace("_", "-")
    return _ALIASES.get(key, key)


def skill_display_name(key: str, typed: str) -> str:
    """How a new skill is shown: a known spelling, else the user's words, tidied."""
    if key in _DISPLAY:
        return _DISPLAY[key]
    cleaned = _VERSION_SUFFIX.sub("", " ".join(typed.split())).strip()
    if (
        cleaned
        and not cleaned.islower()
        and not (cleaned.isupper() and len(cleaned) > 4)
    ):
        return cleaned[:80]
    return key.replace("-", " ").capitalize()[:80] if key.islower() else cleaned[:80]


def split_skills(text: str) -> list[str]:
    """Split a comma- or semicolon-separated list, dropping blanks and duplicates."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;，；\n]", text):
        part = part.strip()
        if part:
            seen.setdefault(skill_key(part), part)
    return list(seen.values())


def validate_skill_list(text: str) -> None:
    """Refuse a skill whose key or name would not fit the database (80 characters).

    Measured after NFKC normalisation: one character can grow to many ("ﷺ"
    becomes 18), so a short typed name can still be too long once normalised.
    """
    too_long = [
        name
        for name in split_skills(text)
        if len(name) > SKILL_MAX_LENGTH or len(skill_key(name)) > SKILL_MAX_LENGTH
    ]
    if too_long:
        shown = too_long[0] if len(too_long[0]) <= 30 else f"{too_long[0][:30]}…"
        raise ValidationError(
            _(
                "A skill has at most %(max)d characters; “%(skill)s” is longer. "
                "Separate skills with commas."
            )
            % {"max": SKILL_MAX_LENGTH, "skill": shown}
        )
