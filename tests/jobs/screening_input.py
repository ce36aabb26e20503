"""The SCREENING.md example input line, shared by the rules and command tests."""

EXAMPLE_LINE = {
    "id": "c-17",
    "as_of": "2026-01-15",
    "date_of_birth": "1997-05-10",
    "nationality": "DE",
    "degrees": [
        {
            "level": "master",
            "field": "Computer Science",
            "discipline_code": "0812",
            "institution": "ETH Zurich",
            "conferred": "2022-06-30",
            "taught_in_chinese": False,
            "grade_pct": 86,
        }
    ],
    "positions": [
        {
            "title": "Research engineer",
            "kind": "research",
            "organisation": "Max Planck Institute for Informatics",
            "field": "Computer Science",
            "start": "2022-09-01",
            "end": None,
        }
    ],
    "years_experience": 4,
    "hsk_level": 3,
    "former_chinese_national": False,
    "fortune500_experience": False,
    "patents": 0,
    "years_working_in_china": 0,
    "talent_programme": False,
    "major_award": False,
    "offer": {
        "salary_cny_annual": 400000,
        "city": "Shanghai",
        "months_per_year_in_china": 12,
        "inviting_unit": False,
    },
}
