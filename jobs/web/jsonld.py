"""schema.org JobPosting for a public role page (Google for Jobs and others)."""

import json

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from jobs.models import Role, WorkMode
from jobs.web.markdown import render_markdown

# As django.utils.html.json_script: nothing in the data can close the <script>.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def job_posting(role: Role, *, url: str, logo_url: str = "") -> dict:
    company = role.company
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": role.title,
        "description": render_markdown(role.description),
        "datePosted": timezone.localdate(
            role.published_at or role.created_at
        ).isoformat(),
        "validThrough": f"{role.valid_until.isoformat()}T23:59:59+08:00",
        "employmentType": "FULL_TIME",
        "identifier": {
            "@type": "PropertyValue",
            "name": company.name,
            "value": str(role.pk),
        },
        "url": url,
        "hiringOrganization": {
            "@type": "Organization",
            "name": company.name,
            "alternateName": company.name_zh,
            **({"sameAs": company.website} if company.website else {}),
            **({"logo": logo_url} if logo_url else {}),
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": role.city,
                "addressCountry": "CN",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "CNY",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": role.salary_min,
                "maxValue": role.salary_max,
                "unitText": "YEAR",
            },
        },
        "totalJobOpenings": role.openings,
        "experienceRequirements": {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": role.years_experience * 12,
        },
        "skills": ", ".join(s.name for s in role.required_skills.all()),
    }
    if role.work_mode == WorkMode.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "CN"}
    if role.min_degree:
        data["educationRequirements"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": {
                "associate": "associate degree",
                "bachelor": "bachelor degree",
                "master": "postgraduate degree",
                "doctorate": "postgraduate degree",
            }[role.min_degree],
        }
    return data


def as_script(data: dict) -> SafeString:
    """The JSON-LD <script> element, safe to put in the page as it is."""
    payload = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


def plain_summary(role: Role, length: int = 300) -> str:
    text = " ".join(strip_tags(render_markdown(role.description)).split())
    return text[:length] + ("…" if len(text) > length else "")
