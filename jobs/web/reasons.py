"""Screening reasons in the reader's language.

The pure engines (jobs/engines/) know no Django and no languages: each reason
carries a message id (`code`) and language-neutral `params` next to its English
`message`, and the stored verdict keeps all three. This registry turns the id
into the reader's language at display time, so a verdict screened while the
candidate read English reads in Chinese once they switch. A reason without an
id, or with one this registry does not know (a verdict stored by an older or
newer release), is shown as its stored English `message`.

A hint's id is the reason's id + ".hint", with the same parameters. A parameter
may itself be a phrase ({"code", "params"}) or a list of phrases, said the same
way. The fixed texts (document checklist, notes) are keyed by their English, so a
staff-edited checklist item is shown as written.
"""

from collections.abc import Mapping
from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from jobs.web.disciplines import DISCIPLINES
from portal.formatting import long_date

# The degree levels as the reasons name them (`level` parameter).
LEVELS = {
    "none": pgettext_lazy("in a visa reason", "no degree"),
    "associate": pgettext_lazy("in a visa reason", "associate degree"),
    "bachelor": pgettext_lazy("in a visa reason", "bachelor's degree"),
    "master": pgettext_lazy("in a visa reason", "master's degree"),
    "doctorate": pgettext_lazy("in a visa reason", "doctorate"),
}

SUBJECTS = {
    "degree": pgettext_lazy("in a visa reason", "degree"),
    "post": pgettext_lazy("in a visa reason", "post"),
}
KINDS = {
    "teaching": pgettext_lazy("in a visa reason", "teaching"),
    "research": pgettext_lazy("in a visa reason", "research"),
}
# What each points factor is called (the breakdown's `factor`).
FACTORS = {
    "salary": pgettext_lazy("points factor", "Salary"),
    "education": pgettext_lazy("points factor", "Education"),
    "experience": pgettext_lazy("points factor", "Experience"),
    "months_in_china": pgettext_lazy("points factor", "Months in China"),
    "chinese": pgettext_lazy("points factor", "Chinese"),
    "location": pgettext_lazy("points factor", "Location"),
    "age": pgettext_lazy("points factor", "Age"),
    "extras": pgettext_lazy("points factor", "Extras"),
}

MESSAGES = {
    # K-AGE
    "k_age.unknown": _(
        "We need your date of birth: the K visa has an age requirement."
    ),
    "k_age.unknown.hint": _("Add your date of birth."),
    "k_age.future": _(
        "Your date of birth is after the screening date, so we cannot work out "
        "your age."
    ),
    "k_age.future.hint": _("Check your date of birth."),
    "k_age.young": _(
        "You are %(age)s. No official minimum age is published; commentary "
        "reports %(min)s, so this needs review."
    ),
    "k_age.young.hint": _("Re-screen when you turn %(min)s."),
    "k_age.core": _("You are %(age)s, within every age range reported so far."),
    "k_age.review": _(
        "You are %(age)s. The official age limit is not published; commentary "
        "reports %(max)s, so this needs review."
    ),
    "k_age.old": _(
        "You are %(age)s, older than the %(max)s commonly reported as the limit. "
        "The official limit is not published, so this needs review."
    ),
    # K-DEGREE
    "k_degree.unknown": _(
        "We need the level of your degree (bachelor's, master's, doctorate)."
    ),
    "k_degree.unknown.hint": _("Add the level of your degree."),
    "k_degree.below": _(
        "Your highest listed qualification (%(level)s) is below the bachelor's "
        "degree the K visa asks for."
    ),
    "k_degree.not_conferred": _(
        "Your %(level)s has not been conferred yet; only a degree already awarded "
        "counts."
    ),
    "k_degree.not_conferred.hint": _(
        "Screen again once your degree has been conferred."
    ),
    "k_degree.expected": _(
        "Your %(level)s is expected on %(date)s; only a degree already awarded counts."
    ),
    "k_degree.expected.hint": _("Screen again after %(date)s."),
    "k_degree.met": _(
        "You hold a %(level)s (conferred %(year)s), which meets the "
        "bachelor's-or-higher requirement."
    ),
    "k_degree.degrees_unknown": _(
        "We need your degrees: the K visa asks for a bachelor's degree or higher "
        "(or a teaching or research post)."
    ),
    "k_degree.degrees_unknown.hint": _("Add your degrees."),
    "k_degree.none_listed": _(
        "You have not listed a degree; the degree route needs a bachelor's degree "
        "or higher."
    ),
    # K-FIELD
    "k_field.unknown": _(
        "We need the field of your %(subject)s: the K visa is for science, "
        "technology, engineering and mathematics (STEM)."
    ),
    "k_field.unknown.hint": _("Add the field of your %(subject)s."),
    "k_field.stem": _("%(field)s counts as science or engineering (STEM)."),
    "k_field.ambiguous": _(
        "%(field)s is not clearly inside science, technology, engineering or "
        "mathematics, and no official list exists, so this needs review."
    ),
    "k_field.non_stem": _(
        "%(field)s is not a science, technology, engineering or mathematics field, "
        "and the K visa is for STEM fields."
    ),
    "k_field.unmatched": _(
        "We could not match “%(field)s” to a discipline, so whether it counts as "
        "STEM needs review."
    ),
    "k_field.unmatched.hint": _(
        "Add the discipline code of your field (for example 0812 for computer "
        "science) or its usual English name."
    ),
    "k_field.degrees_unknown": _(
        "We need your degrees to check the field of your degree."
    ),
    "k_field.no_degree": _(
        "No degree is listed, so there is no degree field to check."
    ),
    # K-INSTITUTION
    "k_institution.unknown": _(
        "We need the institution of your %(subject)s: it must be a well-known "
        "university or research institution."
    ),
    "k_institution.unknown.hint": _("Add the institution of your %(subject)s."),
    "k_institution.not_found": _(
        "We could not find “%(name)s” among the institutions we treat as "
        "well-known (the QS, ARWU and THE world rankings, China's Double "
        "First-Class list, national research institutes). “Well-known” is not "
        "officially defined, so this needs review."
    ),
    "k_institution.not_found.hint": _(
        "If your institution has another official or English name, enter that."
    ),
    "k_institution.tier1": _("%(name)s is well-known: %(why)s."),
    "k_institution.tier2": _(
        "%(name)s is %(why)s; “well-known” is not officially defined, so this "
        "needs review."
    ),
    "k_institution.tier3": _(
        "%(name)s is not in the top %(max)s of the world rankings we use, nor on "
        "China's national lists. “Well-known” is not officially defined, so this "
        "needs review."
    ),
    "k_institution.why.ranked_in": _("ranked %(band)s in %(source)s"),
    "k_institution.why.ranked": _("ranked %(band)s"),
    "k_institution.why.double_first_class": _(
        "it is on China's Double First-Class list"
    ),
    "k_institution.why.national_research": _("it is a national research institution"),
    "k_institution.why.not_ranked": _("not ranked"),
    "k_institution.degrees_unknown": _(
        "We need your degrees to check the institution of your degree."
    ),
    "k_institution.no_degree": _(
        "No degree is listed, so there is no degree institution to check."
    ),
    # K-POSITION
    "k_position.kind_unknown": _(
        "We need to know whether your post “%(post)s” is a teaching or research post."
    ),
    "k_position.kind_unknown.hint": _(
        "Say what kind of post each current position is."
    ),
    "k_position.held": _("You hold a current %(kind)s post at %(where)s."),
    "k_position.held_without_degree": _(
        "You hold a current %(kind)s post at %(where)s, but no conferred bachelor's "
        "degree. The official text does not say whether this route also needs a "
        "degree, so this needs review."
    ),
    "k_position.your_institution": _("your institution"),
    "k_position.positions_unknown": _(
        "We do not know your current positions; a teaching or research post at a "
        "well-known institution is the alternative to the degree route."
    ),
    "k_position.positions_unknown.hint": _("Add your current position."),
    "k_position.none": _(
        "You have no current teaching or research post, the alternative to the "
        "degree route."
    ),
    # Work permit: points
    "wp_points.total": _(
        "%(total)s points on the national points table (%(version)s), up to "
        "%(with_bonus)s with the largest provincial bonus; category A needs "
        "%(a_min)s, B needs %(b_min)s."
    ),
    "wp_points.missing": _(
        "%(total)s points on the national points table (%(version)s), up to "
        "%(with_bonus)s with the largest provincial bonus; category A needs "
        "%(a_min)s, B needs %(b_min)s. Not counted for lack of information: "
        "%(missing)s."
    ),
    "wp_points.missing.hint": _("Add your %(missing)s for a full points count."),
    "wp.factor.salary": pgettext_lazy("missing fact", "salary"),
    "wp.factor.education": pgettext_lazy("missing fact", "degree level"),
    "wp.factor.experience": pgettext_lazy("missing fact", "years of experience"),
    "wp.factor.months_in_china": pgettext_lazy(
        "missing fact", "months a year in China"
    ),
    "wp.factor.chinese": pgettext_lazy(
        "missing fact", "Chinese level (HSK) or former nationality"
    ),
    "wp.factor.location": pgettext_lazy("missing fact", "work city"),
    "wp.factor.age": pgettext_lazy("missing fact", "date of birth"),
    "wp.factor.extras": pgettext_lazy(
        "missing fact", "Fortune 500 experience, patents or years working in China"
    ),
    "wp.too_young": _("A work permit needs the applicant to be at least %(min)s."),
    # Work permit: the salary tests
    "wp.salary.unknown": _("the salary"),
    "wp.salary.city_not_in_table": _(
        "the average wage in “%(city)s” (not in our table)"
    ),
    "wp.salary.no_city": _("the average wage in the work city (not in our table)"),
    "wp.salary.above": _(
        "the salary of CNY %(salary)s is at least %(multiple)s× the average wage "
        "in %(place)s"
    ),
    "wp.salary.below": _(
        "the salary of CNY %(salary)s is below %(multiple)s× the average wage in "
        "%(place)s, CNY %(need)s"
    ),
    "wp.wage": _(
        "%(city)s (CNY %(wage)s a year, %(year)s average%(measure)s%(source)s)"
    ),
    "wp.wage.measure": _(", %(measure)s"),
    "wp.wage.source": _("; source: %(source)s"),
    "wp.fact.points": _("your %(missing)s (for the points)"),
    "wp.fact.talent_programme": _("whether you were selected for a talent programme"),
    "wp.fact.award": _("whether you hold an internationally recognised award"),
    "wp.fact.experience": _("your years of experience"),
    "wp.fact.degrees": _("your degrees"),
    # Work permit: category A
    "wp_a.points": _("Category A: %(total)s points reach %(a_min)s."),
    "wp_a.salary": _("Category A: %(why)s."),
    "wp_a.talent_programme": _(
        "Category A: you were selected for a recognised talent programme."
    ),
    "wp_a.award": _(
        "Category A: you hold an internationally recognised award or distinction."
    ),
    "wp_a.bonus": _(
        "Category A depends on the provincial bonus: %(total)s points, %(short)s "
        "short of %(a_min)s, and a province may add up to %(bonus)s for locally "
        "scarce talent."
    ),
    "wp_a.bonus.hint": _(
        "Ask the employer whether the province awards bonus points for this role."
    ),
    "wp_a.unknown": _("Category A cannot be ruled in or out without %(facts)s."),
    "wp_a.unknown.hint": _("Add the missing facts to check category A."),
    "wp_a.none": _(
        "No category A route holds: %(total)s points (A needs %(a_min)s), "
        "%(salary)s, and no talent programme or internationally recognised award."
    ),
    # Work permit: category B
    "wp_b.why.degree_experience": _(
        "a bachelor's degree or higher and %(years)s years' experience"
    ),
    "wp_b.why.points_with_bonus": _(
        "%(total)s points, up to %(with_bonus)s with the provincial bonus"
    ),
    "wp_b.why.points": _("%(total)s points"),
    "wp_b.why.master_cn": _("a master's degree or higher from %(name)s"),
    "wp_b.why.master_top": _(
        "a master's degree or higher from %(name)s, a top-%(rank)s university"
    ),
    "wp_b.holds": _("Category B: %(why)s."),
    "wp_b.holds_with_bonus": _("Category B with the provincial bonus: %(why)s."),
    "wp_b.likely": _("%(head)s"),
    "wp_b.age_unknown": _(
        "%(head)s Category B also needs an age of %(max)s or under, and we do not "
        "know your date of birth."
    ),
    "wp_b.age_unknown.hint": _("Add your date of birth."),
    "wp_b.over_age": _(
        "%(head)s You are %(age)s, over the limit of %(max)s; since 2026 offices "
        "refuse most such applications and grant no new age waivers, so this needs "
        "review."
    ),
    "wp_b.bonus": _("%(head)s This depends on the province's bonus points."),
    "wp_b.bonus.hint": _("Ask the employer whether the province awards bonus points."),
    "wp_b.unknown": _("Category B cannot be ruled in or out without %(facts)s."),
    "wp_b.unknown.hint": _("Add the missing facts to check category B."),
    "wp_b.none": _(
        "No category B route holds: %(total)s points (B needs %(b_min)s), "
        "%(salary)s, and no bachelor's degree with %(years)s years' experience or "
        "qualifying master's. Category C is quota-based for specific jobs and is "
        "not inferred from a low score."
    ),
    # R visa
    "r.likely": _(
        "You meet category A and the role has an inviting unit in China, which "
        "applies for your talent confirmation letter."
    ),
    "r.no_inviting_unit": _(
        "The R visa needs an inviting unit in China to apply for a talent "
        "confirmation letter, and this role has none."
    ),
    "r.no_inviting_unit.hint": _("Ask whether the employer can act as inviting unit."),
    "r.inviting_unit_unknown": _(
        "You meet category A, but we do not know whether the role has an inviting "
        "unit in China, which the R visa needs."
    ),
    "r.inviting_unit_unknown.hint": _(
        "Ask whether the employer can act as inviting unit."
    ),
    "r.a_bonus": _(
        "The R visa needs category A, which for you depends on the provincial bonus "
        "points, so this needs review."
    ),
    "r.a_bonus.hint": _(
        "Ask the employer whether the province awards bonus points for this role."
    ),
    "r.a_unknown": _(
        "The R visa needs category A, which we cannot assess without more information."
    ),
    "r.a_unknown.hint": _("Add the missing facts to check category A."),
    "r.no_a": _(
        "The R visa is for category A (high-end) talent, and no category A route "
        "holds for you in this role."
    ),
    # The points breakdown's details
    "points.not_given": pgettext_lazy("points detail", "Not given"),
    "points.salary.unknown": _("Salary not given"),
    "points.salary": _("CNY %(salary)s a year"),
    "points.education.none": _("No conferred bachelor's degree"),
    "points.education.unknown": _("Degree level not given"),
    "points.education.associate": pgettext_lazy("points detail", "Associate degree"),
    "points.education.bachelor": pgettext_lazy("points detail", "Bachelor's degree"),
    "points.education.master": pgettext_lazy("points detail", "Master's degree"),
    "points.education.doctorate": pgettext_lazy("points detail", "Doctorate"),
    "points.experience": _("%(years)s years"),
    "points.months": _("%(months)s months"),
    "points.chinese.none": _("No Chinese-language points"),
    "points.chinese.former_national": _("Former Chinese national"),
    "points.chinese.taught_degree": _("Degree taught in Chinese"),
    "points.chinese.hsk": _("HSK %(level)s"),
    "points.location.unknown": _("City not known"),
    "points.location.priority": _("Priority region"),
    "points.location.not_priority": _("Not a priority region"),
    "points.age.unknown": _("Date of birth not given"),
    "points.age": pgettext_lazy("points detail", "Age %(age)s"),
    "points.extras.graduate": _("Graduate of %(name)s"),
    "points.extras.fortune500": _("Fortune Global 500 experience"),
    "points.extras.patents": _("Holds patents"),
    "points.extras.years_in_china": _("%(years)s years working in China"),
    "points.extras.none": _("None of the extras"),
}

# Match reasons (jobs/engines/matching/components.py).
MATCH_MESSAGES = {
    "match.summary.none": _("the role sets no requirements"),
    "match.skills.none": _("the role lists no skills"),
    "match.skills": _("%(heads)s"),
    "match.skills.with_notes": _("%(heads)s (%(notes)s)"),
    "match.skills.required": _("%(n)s of %(of)s required skills"),
    "match.skills.preferred": _("%(n)s of %(of)s preferred"),
    "match.skills.preferred_only": _("%(n)s of %(of)s preferred skills"),
    "match.skills.missing": _("missing %(skills)s"),
    "match.skills.fits": _("%(via)s fits %(skill)s"),
    "match.skills.close": _("%(via)s is close to %(skill)s"),
    "match.skills.not_itself": _("%(via)s, not %(skill)s itself"),
    "match.skills.covers": _("%(via)s covers %(parent)s, not %(skill)s itself"),
    "match.skills.note": _("%(note)s"),
    "match.field.any": _("any field of study"),
    "match.field.unknown": _("field of study unknown, role asks %(asked)s"),
    "match.field.as_asked": _("%(own)s, as the role asks"),
    "match.field.same_category": _("%(own)s: same category as %(asked)s"),
    "match.field.related": _("%(own)s: related to %(asked)s"),
    "match.field.other": _("%(own)s, role asks %(asked)s"),
    "match.fields.more": _("%(n)s more"),
    "match.fields.field": _("field %(code)s"),
    "match.degree.none": _("no degree requirement"),
    "match.degree.unknown": _("degree unknown, role asks %(asked)s"),
    "match.degree.as_asked": _("%(have)s, as the role asks"),
    "match.degree.other": _("%(have)s, role asks %(asked)s"),
    "match.year": _("%(years)s year"),
    "match.years": _("%(years)s years"),
    "match.experience.none": _("no experience requirement"),
    "match.experience.unknown": _("experience unknown, role asks %(need)s"),
    "match.experience.short": _("%(have)s of experience, role asks %(need)s"),
    "match.experience.enough": _("%(have)s of experience, role asks at least %(need)s"),
    "match.languages.none": _("no language requirement"),
    "match.languages": _("%(parts)s"),
    "match.english.unknown": _("English level unknown, role asks %(asked)s"),
    "match.english.as_asked": _("English %(have)s, as the role asks"),
    "match.english.other": _("English %(have)s, role asks %(asked)s"),
    "match.hsk.unknown": _("HSK level unknown, role asks HSK %(asked)s"),
    "match.hsk.none": _("no HSK, role asks HSK %(asked)s"),
    "match.hsk.short": _("HSK %(have)s, role asks HSK %(asked)s"),
    "match.hsk.enough": _("HSK %(have)s, role asks at least HSK %(asked)s"),
    "match.city.remote": _("remote role"),
    "match.city.none": _("no city set"),
    "match.city.any": _("open to any city, including %(city)s"),
    "match.city.wants": _("wants to work in %(city)s"),
    "match.city.relocate": _("prefers %(prefers)s, willing to relocate to %(city)s"),
    "match.city.not": _("prefers %(prefers)s, not %(city)s"),
    "match.salary.none": _("no salary range set"),
    "match.salary.unknown": _("salary expectation unknown"),
    "match.salary.below": _("salary expectation below range"),
    "match.salary.within": _("salary expectation within range"),
    "match.salary.above": _("salary expectation above range"),
    "match.salary.over": _("salary expectation %(percent)s%% above range"),
}
MESSAGES |= MATCH_MESSAGES
# The levels a match reason names, by the code prefix that uses them.
MATCH_DEGREES = {
    "associate": pgettext_lazy("in a match reason", "associate degree"),
    "bachelor": pgettext_lazy("in a match reason", "bachelor's"),
    "master": pgettext_lazy("in a match reason", "master's"),
    "doctorate": pgettext_lazy("in a match reason", "doctorate"),
}
ENGLISH_LEVELS = {
    "basic": pgettext_lazy("English level", "basic"),
    "intermediate": pgettext_lazy("English level", "intermediate"),
    "professional": pgettext_lazy("English level", "professional"),
    "fluent": pgettext_lazy("English level", "fluent"),
    "native": pgettext_lazy("English level", "native"),
}
# What each match component is about (its `name`).
COMPONENTS = {
    "skills": pgettext_lazy("match component", "Skills"),
    "field": pgettext_lazy("match component", "Field"),
    "degree": pgettext_lazy("match component", "Degree"),
    "experience": pgettext_lazy("match component", "Experience"),
    "languages": pgettext_lazy("match component", "Languages"),
    "city": pgettext_lazy("match component", "City"),
    "salary": pgettext_lazy("match component", "Salary"),
}
_VALUE_MAPS = {
    "match.degree.": MATCH_DEGREES,
    "match.english.": ENGLISH_LEVELS,
}

# The fixed texts of a verdict, by their English (the engine's constants): the
# K and R document checklists and the K notes.
TEXTS = {
    "Passport valid for at least six months, with a blank visa page": _(
        "Passport valid for at least six months, with a blank visa page"
    ),
    "Completed visa application form": _("Completed visa application form"),
    "Recent passport photo": _("Recent passport photo"),
    "Passport": pgettext_lazy("visa document", "Passport"),
    "Confirmation Letter of Foreign High-end Talent (外国高端人才确认函), which the "
    "inviting unit obtains": _(
        "Confirmation Letter of Foreign High-end Talent (外国高端人才确认函), which "
        "the inviting unit obtains"
    ),
    "Degree certificate for your qualifying degree": _(
        "Degree certificate for your qualifying degree"
    ),
    "Proof of your current teaching or research post (e.g. a letter from the "
    "institution)": _(
        "Proof of your current teaching or research post (e.g. a letter from the "
        "institution)"
    ),
    "Degree certificate for your qualifying degree, or proof of your current "
    "teaching or research post (e.g. a letter from the institution)": _(
        "Degree certificate for your qualifying degree, or proof of your current "
        "teaching or research post (e.g. a letter from the institution)"
    ),
    "Any further documents the Chinese embassy or consulate where you apply asks "
    "for": _(
        "Any further documents the Chinese embassy or consulate where you apply "
        "asks for"
    ),
    "No Chinese employer or inviting organisation is needed to apply for a K visa.": _(
        "No Chinese employer or inviting organisation is needed to apply for a K visa."
    ),
    "Whether a K-visa holder may take salaried work in China without a work permit "
    "is not confirmed, so check the work-permit estimate for any job you plan to "
    "take.": _(
        "Whether a K-visa holder may take salaried work in China without a work "
        "permit is not confirmed, so check the work-permit estimate for any job you "
        "plan to take."
    ),
    "This is a pre-screen, not legal advice: the official K-visa conditions are "
    "published by Chinese embassies and consulates.": _(
        "This is a pre-screen, not legal advice: the official K-visa conditions are "
        "published by Chinese embassies and consulates."
    ),
}
# How a list parameter is joined, by the parameter's name.
_LIST_SEPARATORS = {
    "missing": lambda: pgettext("joins a list of facts", ", "),
    "facts": lambda: pgettext("joins a list of clauses", "; "),
    "heads": lambda: pgettext("joins a list of clauses", "; "),
    "notes": lambda: pgettext("joins a list of clauses", "; "),
    "parts": lambda: pgettext("joins a list of clauses", "; "),
}
_FIELD_JOINERS = {
    "or": lambda: pgettext("joins fields of study", " or "),
    "and": lambda: pgettext("joins fields of study, a list", ", "),
}


def _lower_first(text: str) -> str:
    # As the matching engine names a discipline mid-sentence.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _discipline(code: str) -> str:
    name = DISCIPLINES.get(code[:4] if len(code) > 2 else code)
    if name is None:
        return str(MESSAGES["match.fields.field"]) % {"code": code}
    return _lower_first(str(name))


def _fields(code: str, params: Mapping) -> str:
    names = [_discipline(c) for c in str(params.get("codes", "")).split(",") if c]
    more = int(params.get("more") or 0)
    if more:
        names.append(str(MESSAGES["match.fields.more"]) % {"n": more})
    return _FIELD_JOINERS[code.rsplit(".", 1)[1]]().join(names)


def _phrase(value) -> str:
    """A nested phrase parameter ({"code", "params"}) in the active language."""
    code = value.get("code", "")
    if code in ("match.fields.or", "match.fields.and"):
        params = value.get("params")
        return _fields(code, params if isinstance(params, Mapping) else {})
    text = MESSAGES.get(code)
    if text is None:
        raise KeyError(code)  # a phrase from another release: the stored English
    params = value.get("params")
    return str(text) % _localised(params if isinstance(params, Mapping) else {}, code)


def _localised(params: Mapping, code: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    values = next((m for p, m in _VALUE_MAPS.items() if code.startswith(p)), None)
    for key, value in params.items():
        if values is not None and str(value) in values:
            out[key] = values[str(value)]
        elif isinstance(value, Mapping):
            out[key] = _phrase(value)
        elif isinstance(value, list):
            sep = _LIST_SEPARATORS.get(key, _LIST_SEPARATORS["missing"])()
            out[key] = sep.join(
                _phrase(v) if isinstance(v, Mapping) else str(v) for v in value
            )
        elif key == "level":
            out[key] = LEVELS.get(str(value), value)
        elif key == "subject":
            out[key] = SUBJECTS.get(str(value), value)
        elif key == "kind":
            out[key] = KINDS.get(str(value), value)
        elif key == "date":
            try:
                out[key] = long_date(date.fromisoformat(str(value)))
            except ValueError:
                out[key] = value
        else:
            out[key] = value
    return out


def _say(code: str, params, fallback: str) -> str:
    text = MESSAGES.get(code) if code else None
    if text is None:
        return fallback
    try:
        return str(text) % _localised(
            params if isinstance(params, Mapping) else {}, code
        )
    except (KeyError, TypeError, ValueError):
        return fallback  # parameters from another release: the stored English


def message(reason: Mapping) -> str:
    """A stored reason's message in the active language."""
    return _say(reason.get("code", ""), reason.get("params"), reason.get("message", ""))


def hint(reason: Mapping) -> str:
    """A stored reason's hint in the active language ("" when it has none)."""
    stored = reason.get("hint", "")
    if not stored:
        return ""
    code = reason.get("code", "")
    return _say(f"{code}.hint" if code else "", reason.get("params"), stored)


def text(english: str) -> str:
    """A fixed verdict text (checklist item, note) in the active language."""
    known = TEXTS.get(english)
    return str(known) if known is not None else english


def factor(name: str) -> str:
    """A points factor's name in the active language."""
    known = FACTORS.get(name)
    return str(known) if known is not None else name


def detail(line: Mapping) -> str:
    """A points breakdown line's detail in the active language."""
    return _say(line.get("code", ""), line.get("params"), line.get("detail", ""))


def hints(route: Mapping) -> list[str]:
    """What would change a stored route's verdict, in the active language: the
    hints of the reasons (and their parts) that did not pass, in rule order, as the
    engine gathers them; the stored `hints` when the reasons carry none."""
    not_needed = route.get("not_needed") or ""
    seen: dict[str, None] = {}
    for reason in route.get("reasons") or []:
        if not_needed and reason.get("route") == not_needed:
            continue
        # A post's reason's own hint is its first failing part's: the parts say it.
        for item in reason.get("parts") or [reason]:
            if item.get("hint") and item.get("outcome") != "likely":
                seen.setdefault(hint(item), None)
    return list(seen) or [str(h) for h in route.get("hints") or []]


def component_name(name: str) -> str:
    """What a match component is about, in the active language."""
    known = COMPONENTS.get(name)
    return str(known) if known is not None else name


def match_summary(match) -> str:
    """A stored match's summary line in the active language (its English when it
    was stored without phrases, or with one this release does not know)."""
    phrases = getattr(match, "summary_phrases", None) or []
    try:
        said = [_phrase(p) for p in phrases]
    except (KeyError, TypeError, ValueError, AttributeError):
        return match.summary
    return pgettext("joins a list of clauses", "; ").join(said) or match.summary
