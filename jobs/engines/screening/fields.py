"""Map free-text fields of study to China's discipline catalogue and a STEM status."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = [
    "CATEGORIES",
    "DEFAULT_AMBIGUOUS_CATEGORIES",
    "DEFAULT_AMBIGUOUS_SUBJECTS",
    "DEFAULT_STEM_CATEGORIES",
    "SUBJECTS",
    "FieldClassification",
    "StemStatus",
    "classify_field",
    "field_suggestions",
    "stem_status",
]


@dataclass(frozen=True, slots=True)
class FieldClassification:
    """Result of mapping a field of study to the MOE discipline catalogue."""

    category: str | None
    subject: str | None
    label: str
    matched_by: str


DEFAULT_STEM_CATEGORIES = frozenset({"07", "08"})
DEFAULT_AMBIGUOUS_CATEGORIES = frozenset({"09", "10", "14"})
DEFAULT_AMBIGUOUS_SUBJECTS = frozenset({"0402", "0714", "0270", "1201"})


class StemStatus(StrEnum):
    """How a classified field counts for the K-visa STEM criterion."""

    STEM = "stem"
    AMBIGUOUS = "ambiguous"
    NON_STEM = "non_stem"
    UNMAPPED = "unmapped"


# --- The MOE catalogue (2022 edition, plus codes still found on older diplomas) -----

CATEGORIES: dict[str, str] = {
    "01": "Philosophy",
    "02": "Economics",
    "03": "Law",
    "04": "Education",
    "05": "Literature",
    "06": "History",
    "07": "Science",
    "08": "Engineering",
    "09": "Agriculture",
    "10": "Medicine",
    "11": "Military science",
    "12": "Management",
    "13": "Arts",
    "14": "Interdisciplinary",
}

SUBJECTS: dict[str, str] = {
    "0101": "Philosophy",
    "0151": "Applied ethics",
    "0201": "Theoretical economics",
    "0202": "Applied economics",
    "0251": "Finance",
    "0252": "Applied statistics",
    "0253": "Taxation",
    "0254": "International business",
    "0255": "Insurance",
    "0256": "Asset appraisal",
    "0257": "Auditing",
    "0258": "Digital economy",
    "0270": "Statistics (economics)",
    "0301": "Law",
    "0302": "Political science",
    "0303": "Sociology",
    "0304": "Ethnology",
    "0305": "Marxist theory",
    "0306": "Public security studies",
    "0307": "CPC history and party building",
    "0308": "Discipline inspection and supervision",
    "0351": "Juris master",
    "0352": "Social work",
    "0353": "Policing",
    "0354": "Intellectual property",
    "0355": "International affairs",
    "0401": "Education",
    "0402": "Psychology",
    "0403": "Sport science",
    "0451": "Education (professional)",
    "0452": "Physical education",
    "0453": "International Chinese language education",
    "0454": "Applied psychology",
    "0501": "Chinese language and literature",
    "0502": "Foreign languages and literature",
    "0503": "Journalism and communication",
    "0551": "Translation and interpreting",
    "0552": "Journalism and communication (professional)",
    "0553": "Publishing",
    "0601": "Archaeology",
    "0602": "Chinese history",
    "0603": "World history",
    "0651": "Museum studies",
    "0701": "Mathematics",
    "0702": "Physics",
    "0703": "Chemistry",
    "0704": "Astronomy",
    "0705": "Geography",
    "0706": "Atmospheric science",
    "0707": "Marine science",
    "0708": "Geophysics",
    "0709": "Geology",
    "0710": "Biology",
    "0711": "Systems science",
    "0712": "History of science and technology",
    "0713": "Ecology",
    "0714": "Statistics",
    "0801": "Mechanics",
    "0802": "Mechanical engineering",
    "0803": "Optical engineering",
    "0804": "Instrument science and technology",
    "0805": "Materials science and engineering",
    "0806": "Metallurgical engineering",
    "0807": "Power engineering and engineering thermophysics",
    "0808": "Electrical engineering",
    "0809": "Electronic science and technology",
    "0810": "Information and communication engineering",
    "0811": "Control science and engineering",
    "0812": "Computer science and technology",
    "0813": "Architecture",
    "0814": "Civil engineering",
    "0815": "Hydraulic engineering",
    "0816": "Surveying and mapping",
    "0817": "Chemical engineering and technology",
    "0818": "Geological resources and geological engineering",
    "0819": "Mining engineering",
    "0820": "Petroleum and natural gas engineering",
    "0821": "Textile science and engineering",
    "0822": "Light industry technology and engineering",
    "0823": "Transportation engineering",
    "0824": "Naval architecture and ocean engineering",
    "0825": "Aeronautical and astronautical science and technology",
    "0826": "Armament science and technology",
    "0827": "Nuclear science and technology",
    "0828": "Agricultural engineering",
    "0829": "Forestry engineering",
    "0830": "Environmental science and engineering",
    "0831": "Biomedical engineering",
    "0832": "Food science and engineering",
    "0833": "Urban and rural planning",
    "0834": "Landscape architecture",
    "0835": "Software engineering",
    "0836": "Bioengineering",
    "0837": "Safety science and engineering",
    "0838": "Public security technology",
    "0839": "Cyberspace security",
    "0851": "Architecture (professional)",
    "0853": "Urban planning (professional)",
    "0854": "Electronic information",
    "0855": "Mechanical engineering (professional)",
    "0856": "Materials and chemical engineering",
    "0857": "Resources and environment",
    "0858": "Energy and power",
    "0859": "Civil and hydraulic engineering",
    "0860": "Biology and medicine (engineering)",
    "0861": "Transportation (professional)",
    "0862": "Landscape architecture (professional)",
    "0901": "Crop science",
    "0902": "Horticulture",
    "0903": "Agricultural resources and environment",
    "0904": "Plant protection",
    "0905": "Animal science",
    "0906": "Veterinary medicine",
    "0907": "Forestry",
    "0908": "Fisheries",
    "0909": "Grassland science",
    "0910": "Soil and water conservation and desertification control",
    "0951": "Agriculture (professional)",
    "0952": "Veterinary medicine (professional)",
    "0954": "Forestry (professional)",
    "0955": "Food and nutrition",
    "1001": "Basic medicine",
    "1002": "Clinical medicine",
    "1003": "Stomatology",
    "1004": "Public health and preventive medicine",
    "1005": "Traditional Chinese medicine",
    "1006": "Integrated Chinese and Western medicine",
    "1007": "Pharmacy",
    "1008": "Chinese materia medica",
    "1009": "Special medicine",
    "1010": "Medical technology",
    "1011": "Nursing",
    "1012": "Forensic medicine",
    "1051": "Clinical medicine (professional)",
    "1052": "Stomatology (professional)",
    "1053": "Public health (professional)",
    "1054": "Nursing (professional)",
    "1055": "Pharmacy (professional)",
    "1056": "Chinese materia medica (professional)",
    "1057": "Traditional Chinese medicine (professional)",
    "1058": "Medical technology (professional)",
    "1059": "Acupuncture",
    "1101": "Military thought and military history",
    "1102": "Strategic studies",
    "1103": "Operational science",
    "1104": "Tactics",
    "1105": "Military command",
    "1106": "Military management",
    "1107": "Military political work",
    "1108": "Military logistics",
    "1109": "Military equipment",
    "1110": "Military training",
    "1111": "Military intelligence",
    "1201": "Management science and engineering",
    "1202": "Business administration",
    "1203": "Agricultural and forestry economic management",
    "1204": "Public administration",
    "1205": "Information resources management",
    "1251": "Business administration (MBA)",
    "1252": "Public administration (MPA)",
    "1253": "Accounting",
    "1254": "Tourism management",
    "1255": "Library and information",
    "1256": "Engineering management",
    "1257": "Auditing",
    "1301": "Art theory",
    "1302": "Music and dance",
    "1303": "Drama, film and television",
    "1304": "Fine arts",
    "1305": "Design",
    "1351": "Arts (professional)",
    "1352": "Music",
    "1353": "Dance",
    "1354": "Drama, film and television (professional)",
    "1355": "Chinese opera and folk arts",
    "1356": "Fine arts and calligraphy",
    "1357": "Design (professional)",
    "1401": "Integrated circuit science and engineering",
    "1402": "National security studies",
    "1403": "Design",
    "1404": "Remote sensing science and technology",
    "1405": "Intelligence science and technology",
    "1406": "Nanoscience and engineering",
    "1407": "Area studies",
    "1451": "Cultural heritage",
    "1452": "Cryptography",
}

# Codes that older catalogues list under another category ("may award a science /
# engineering degree") and professional degrees: the diploma's category stands, but the
# subject becomes the canonical one so that subject-level ambiguity still applies.
_CODE_ALIASES: dict[str, str] = {
    "0771": "0402",
    "0772": "0801",
    "0773": "0805",
    "0774": "0809",
    "0775": "0812",
    "0776": "0830",
    "0777": "0831",
    "0778": "1001",
    "0779": "1004",
    "0780": "1007",
    "0781": "1008",
    "0871": "1201",
    "0872": "1403",
    "0252": "0270",
    "0454": "0402",
    "1256": "1201",
}

# Subjects whose own category differs from the category some diplomas carry for them
# (BSc psychology is 07 in the undergraduate catalogue, MS&E may award engineering).
_CROSS_CATEGORY_SUBJECTS: dict[str, frozenset[str]] = {
    "0402": frozenset({"04", "07"}),
    "0714": frozenset({"07", "02"}),
    "0270": frozenset({"02", "07"}),
    "1201": frozenset({"12", "08"}),
}

# --- Vocabulary -------------------------------------------------------------------
# (canonical English name, category, subject, aliases). Aliases are normalised like the
# input, so accents, case and punctuation do not matter. A leading "=" marks an alias
# that only counts when it is the whole field (short abbreviations such as "ME", "IT").
# Overlaps are resolved longest alias first, then by table order, so "biomedical
# engineering" wins over "engineering" and "medical", "天文学" over "文学".

_V = tuple[str, str, str | None, str]

_VOCAB: tuple[_V, ...] = (
    # Computing
    (
        "Computer Science",
        "08",
        "0812",
        "computer science|computer science and technology|computer science and "
        "engineering|computer engineering|computing|computing science|computer studies|"
        "computer systems|computer architecture|cs|cse|compsci|comp sci|computer sci|=cis|"
        "informatics|informatik|informatiker|angewandte informatik|technische informatik|"
        "informatique|genie informatique|ingenieria informatica|informatica|informatico|"
        "ingegneria informatica|scienze informatiche|engenharia informatica|"
        "engenharia de computacao|ciencia da computacao|ciencias da computacao|"
        "ciencias de la computacion|ciencia de la computacion|computacion|"
        "ingenieria en computacion|ingenieria de sistemas|technische informatica|"
        "计算机科学与技术|电脑科学|电脑工程|计算机科学|计算机工程|计算机应用|计算机|电脑|资讯工程|资讯科学|"
        "资工|计算机软件与理论|计算机系统结构",
    ),
    (
        "Information Technology",
        "08",
        "0812",
        "information technology|=it|=ict|information and communication technology|"
        "informationstechnologie|technologies de l information|tecnologias de la "
        "informacion|tecnologia da informacao|tecnologie dell informazione|信息技术",
    ),
    (
        "Artificial Intelligence",
        "08",
        "0812",
        "artificial intelligence|ai|machine learning|ml|deep learning|"
        "kunstliche intelligenz|=ki|intelligence artificielle|=ia|inteligencia "
        "artificial|intelligenza artificiale|kunstmatige intelligentie|computer vision|"
        "natural language processing|nlp|human computer interaction|hci|人工智能|"
        "机器学习|模式识别|pattern recognition",
    ),
    (
        "Data Science",
        "08",
        "0812",
        "data science|data sciences|data science and big data technology|big data|"
        "data engineering|datenwissenschaft|data science and engineering|"
        "science des donnees|sciences des donnees|ciencia de datos|ciencias de datos|"
        "scienza dei dati|data scientist|ciencia de dados|数据科学与大数据技术|数据科学|"
        "大数据",
    ),
    (
        "Software Engineering",
        "08",
        "0835",
        "software engineering|software|software development|software systems|=se|"
        "softwaretechnik|software engineering informatik|genie logiciel|ingenieria de "
        "software|ingenieria del software|ingegneria del software|engenharia de "
        "software|软件工程|软件",
    ),
    (
        "Cybersecurity",
        "08",
        "0839",
        "cybersecurity|cyber security|information security|network security|"
        "cyberspace security|computer security|it sicherheit|cybersecurite|"
        "securite informatique|ciberseguridad|seguridad informatica|sicurezza "
        "informatica|ciberseguranca|seguranca da informacao|cryptography|"
        "网络空间安全|信息安全|网络安全|网络工程",
    ),
    (
        "Intelligence Science and Technology",
        "14",
        "1405",
        "intelligence science and technology|intelligent science and technology|"
        "智能科学与技术",
    ),
    (
        "Integrated Circuits",
        "14",
        "1401",
        "integrated circuits|integrated circuit|integrated circuit design|ic design|"
        "integrated circuit science and engineering|chip design|集成电路科学与工程|"
        "集成电路设计|集成电路|积体电路|芯片设计",
    ),
    (
        "Business Informatics",
        "12",
        "1201",
        "business informatics|wirtschaftsinformatik|informatique de gestion|"
        "information systems|management information systems|mis|business information "
        "systems|information management|informatica gestionale|sistemas de informacion|"
        "sistemas de informacao|informatiekunde|business analytics|"
        "信息管理与信息系统|信息管理|资讯管理|商务数据分析",
    ),
    (
        "Bioinformatics",
        "07",
        "0710",
        "bioinformatics|computational biology|systems biology|bioinformatik|"
        "bioinformatique|bioinformatica|生物信息学|生物信息|计算生物学",
    ),
    # Mathematics, statistics, quantitative fields
    (
        "Mathematics",
        "07",
        "0701",
        "mathematics|maths|math|pure mathematics|applied mathematics|mathematik|"
        "technomathematik|mathematiques|mathematiques appliquees|matematicas|"
        "matematica|matematica aplicada|matematica applicata|matematiche|wiskunde|"
        "toegepaste wiskunde|computational mathematics|mathematics and applied "
        "mathematics|operations research|orfe|operations research and financial "
        "engineering|operational research|operations research and "
        "cybernetics|数学与应用数学|应用数学|基础数学|计算数学|数学|运筹学|"
        "信息与计算科学|information and computing science",
    ),
    (
        "Statistics",
        "07",
        "0714",
        "statistics|statistical science|statistik|statistique|statistiques|"
        "estadistica|statistica|estatistica|statistiek|统计学|统计|数理统计",
    ),
    (
        "Applied Statistics",
        "02",
        "0270",
        "applied statistics|economic statistics|angewandte statistik|statistique "
        "appliquee|estadistica aplicada|statistica applicata|应用统计学|应用统计|"
        "经济统计学|经济统计",
    ),
    ("Biostatistics", "07", "0714", "biostatistics|biometrics|biometry|生物统计"),
    (
        "Actuarial Science",
        "07",
        "0714",
        "actuarial science|actuarial studies|actuarial mathematics|actuarial|"
        "versicherungsmathematik|actuariat|sciences actuarielles|ciencias actuariales|"
        "actuaria|scienze attuariali|精算学|精算",
    ),
    (
        "Quantitative Finance",
        "14",
        None,
        "quantitative finance|financial engineering|financial mathematics|mathematical "
        "finance|computational finance|finanzmathematik|mathematiques financieres|"
        "ingenierie financiere|ingenieria financiera|matematica finanziaria|"
        "金融工程|金融数学",
    ),
    (
        "Systems Science",
        "07",
        "0711",
        "systems science|complex systems|systemwissenschaft|系统科学",
    ),
    # Physical sciences
    (
        "Physics",
        "07",
        "0702",
        "physics|applied physics|engineering physics|theoretical physics|medical physics|"
        "condensed matter physics|particle physics|physik|technische physik|physique|"
        "fisica|fisica aplicada|natuurkunde|technische natuurkunde|物理学|应用物理|物理",
    ),
    (
        "Chemistry",
        "07",
        "0703",
        "chemistry|applied chemistry|chemical biology|chemical physics|biochemistry|organic chemistry|chemie|"
        "biochemie|chimie|biochimie|quimica|bioquimica|chimica|biochimica|scheikunde|"
        "化学|应用化学|生物化学",
    ),
    (
        "Astronomy",
        "07",
        "0704",
        "astronomy|astrophysics|astronomie|astrophysik|astrophysique|astronomia|"
        "astrofisica|sterrenkunde|天文学|天体物理",
    ),
    (
        "Geography",
        "07",
        "0705",
        "geography|human geography|physical geography|geographic information science|"
        "geographic information systems|gis|geoinformatics|geographie|geografia|"
        "aardrijkskunde|地理学|地理科学|地理信息科学|地理信息系统|地理|人文地理",
    ),
    (
        "Atmospheric Science",
        "07",
        "0706",
        "atmospheric science|atmospheric sciences|meteorology|climate science|"
        "climatology|meteorologie|meteorologia|大气科学|气象学|气象",
    ),
    (
        "Marine Science",
        "07",
        "0707",
        "marine science|marine sciences|oceanography|ocean science|marine biology|"
        "ozeanographie|meeresbiologie|oceanographie|biologie marine|oceanografia|"
        "biologia marina|海洋科学|海洋生物|海洋学",
    ),
    (
        "Geophysics",
        "07",
        "0708",
        "geophysics|space physics|seismology|geophysik|geophysique|geofisica|"
        "地球物理学|地球物理|空间物理",
    ),
    (
        "Geology",
        "07",
        "0709",
        "geology|earth sciences|earth science|geosciences|geoscience|geochemistry|"
        "geologie|geowissenschaften|sciences de la terre|geologia|ciencias de la tierra|"
        "scienze della terra|aardwetenschappen|地质学|地质|地球科学|地球化学",
    ),
    (
        "Biology",
        "07",
        "0710",
        "biology|biological sciences|biological science|life sciences|life science|"
        "molecular biology|cell biology|microbiology|genetics|zoology|botany|"
        "biotechnology|biophysics|immunology|physiology|biologie|biowissenschaften|"
        "biotechnologie|sciences de la vie|biologia|biotecnologia|ciencias biologicas|"
        "scienze biologiche|生物学|生物科学|生物技术|生命科学|生物|遗传学|微生物学|"
        "分子生物学|生理学|生物物理",
    ),
    (
        "Neuroscience",
        "07",
        "0710",
        "neuroscience|neurosciences|neurobiology|cognitive neuroscience|"
        "neurowissenschaften|neurobiologie|neurociencia|neurociencias|neuroscienze|"
        "neurowetenschappen|神经科学|神经生物学|脑科学",
    ),
    (
        "Ecology",
        "07",
        "0713",
        "ecology|ecology and evolution|evolutionary biology|conservation biology|"
        "okologie|ecologie|ecologia|生态学|生态",
    ),
    (
        "History of Science and Technology",
        "07",
        "0712",
        "history of science|history of science and technology|科学技术史|科技史",
    ),
    (
        "Natural Sciences",
        "07",
        None,
        "natural sciences|natural science|naturwissenschaften|sciences naturelles|"
        "ciencias naturales|scienze naturali|physical sciences|exact sciences|"
        "sciences exactes|理科|自然科学",
    ),
    # Engineering
    (
        "Biomedical Engineering",
        "08",
        "0831",
        "biomedical engineering|bme|medical engineering|clinical engineering|"
        "biomedizinische technik|medizintechnik|genie biomedical|ingenieria biomedica|"
        "ingegneria biomedica|engenharia biomedica|biomedische technologie|"
        "生物医学工程|医学工程",
    ),
    (
        "Bioengineering",
        "08",
        "0836",
        "bioengineering|biological engineering|biochemical engineering|"
        "bioprocess engineering|bioverfahrenstechnik|bioingenierie|bioingenieria|"
        "生物工程|生物制药",
    ),
    (
        "Electrical Engineering",
        "08",
        "0808",
        "electrical engineering|ee|electrical|electrical and computer engineering|ece|"
        # Combined-degree abbreviations (MIT "Course 6", Berkeley EECS).
        "eecs|=e e c s|electrical engineering and computer science|=course 6|=ee cs|"
        "electrical and electronic engineering|electrical and electronics engineering|"
        "eee|electrical power engineering|power systems|elektrotechnik|"
        "elektro und informationstechnik|elektrotechnik und informationstechnik|"
        "electrotechnique|genie electrique|ingenieria electrica|ingegneria elettrica|"
        "engenharia eletrica|engenharia eletrotecnica|elektrotechniek|"
        "电气工程及其自动化|电气工程|电气|电机工程|电机",
    ),
    (
        "Electronic Engineering",
        "08",
        "0809",
        "electronic engineering|electronics engineering|electronics|electronic "
        "science and technology|microelectronics|semiconductors|semiconductor "
        "physics|elektronik|mikroelektronik|electronique|genie electronique|"
        "electronica|ingenieria electronica|elettronica|ingegneria elettronica|"
        "eletronica|engenharia eletronica|elektronica|电子科学与技术|电子信息工程|"
        "电子工程|电子信息|微电子|半导体|电子",
    ),
    (
        "Communication Engineering",
        "08",
        "0810",
        "communication engineering|communications engineering|information and "
        "communication engineering|telecommunications|telecommunication engineering|"
        "telecommunications engineering|signal processing|information engineering|"
        "nachrichtentechnik|informationstechnik|kommunikationstechnik|"
        "telecommunications et reseaux|telecommunications|telecomunicaciones|"
        "ingenieria de telecomunicaciones|telecomunicazioni|ingegneria delle "
        "telecomunicazioni|telecomunicacoes|信息与通信工程|通信工程|信息工程|通信",
    ),
    (
        "Control Engineering and Robotics",
        "08",
        "0811",
        "control engineering|control science and engineering|control systems|"
        "automation|robotics|systems engineering|automatic control|regelungstechnik|"
        "automatisierungstechnik|robotik|automatique|robotique|automatica|robotica|"
        "automazione|ingegneria dell automazione|engenharia de controle e automacao|"
        "控制科学与工程|控制工程|自动化|机器人工程|机器人|系统工程",
    ),
    (
        "Mechanics",
        "08",
        "0801",
        "mechanics|engineering mechanics|applied mechanics|fluid mechanics|"
        "solid mechanics|technische mechanik|mecanique des fluides|工程力学|力学",
    ),
    (
        "Mechanical Engineering",
        "08",
        "0802",
        "mechanical engineering|=me|=mech|meche|=mech e|=mae|mechanical and aerospace "
        "engineering|mechanical|mechatronics|mechatronic "
        "engineering|manufacturing engineering|automotive engineering|vehicle "
        "engineering|industrial design|product design|maschinenbau|mechatronik|"
        "fahrzeugtechnik|produktionstechnik|genie mecanique|mecanique|ingenieria "
        "mecanica|ingenieria mecatronica|ingegneria meccanica|meccanica|engenharia "
        "mecanica|werktuigbouwkunde|werktuigbouw|机械工程|机械设计制造及其自动化|"
        "机械电子工程|机械|机电|车辆工程|工业设计",
    ),
    (
        "Optical Engineering",
        "08",
        "0803",
        "optical engineering|optics|photonics|optoelectronics|optik|photonik|optique|"
        "optica|ottica|fotonica|光学工程|光电信息科学与工程|光学|光电",
    ),
    (
        "Instrumentation",
        "08",
        "0804",
        "instrument science and technology|instrumentation|measurement and control|"
        "messtechnik|instrumentation et mesure|仪器科学与技术|测控技术与仪器|仪器",
    ),
    (
        "Materials Science",
        "08",
        "0805",
        "materials science|materials science and engineering|=mse|dmse|=mat sci|matsci|materials engineering|"
        "materials|material science|polymer science|polymer engineering|"
        "nanotechnology|nanoscience|materialwissenschaft|werkstoffwissenschaft|"
        "werkstofftechnik|materialwissenschaft und werkstofftechnik|science des "
        "materiaux|genie des materiaux|ciencia de materiales|ciencia e ingenieria de "
        "materiales|ingenieria de materiales|scienza dei materiali|ingegneria dei "
        "materiali|engenharia de materiais|materiaalkunde|材料科学与工程|材料科学|"
        "材料工程|材料|高分子|纳米",
    ),
    (
        "Nanoscience and Engineering",
        "14",
        "1406",
        "nanoscience and engineering|纳米科学与工程",
    ),
    (
        "Metallurgical Engineering",
        "08",
        "0806",
        "metallurgy|metallurgical engineering|metallurgie|metalurgia|冶金工程|冶金",
    ),
    (
        "Energy Engineering",
        "08",
        "0807",
        "energy engineering|power engineering|thermal engineering|engineering "
        "thermophysics|energy systems|renewable energy|energy and power engineering|"
        "energietechnik|energie und verfahrenstechnik|genie energetique|ingenieria "
        "energetica|ingegneria energetica|engenharia de energia|动力工程及工程热物理|"
        "能源与动力工程|动力工程|能源动力|热能|新能源",
    ),
    (
        "Architecture",
        "08",
        "0813",
        "architecture|architectural engineering|architectural studies|=barch|=march|"
        "architektur|arquitectura|architettura|arquitetura|bouwkunde|建筑学|建筑",
    ),
    (
        "Landscape Architecture",
        "08",
        "0834",
        "landscape architecture|landschaftsarchitektur|paysagisme|architecture du "
        "paysage|arquitectura del paisaje|architettura del paesaggio|风景园林学|风景园林|"
        "园林",
    ),
    (
        "Urban Planning",
        "08",
        "0833",
        "urban planning|urban and regional planning|city planning|town planning|"
        "urban design|spatial planning|stadtplanung|raumplanung|urbanisme|urbanismo|"
        "urbanistica|pianificazione territoriale|城乡规划学|城乡规划|城市规划",
    ),
    (
        "Civil Engineering",
        "08",
        "0814",
        "civil engineering|civil|=cee|civil and environmental engineering|structural engineering|construction engineering|"
        "geotechnical engineering|bauingenieurwesen|bauingenieur|genie civil|"
        "ingenieria civil|ingegneria civile|engenharia civil|civiele techniek|"
        "土木工程|土木|结构工程|岩土工程",
    ),
    (
        "Hydraulic Engineering",
        "08",
        "0815",
        "hydraulic engineering|water resources engineering|hydrology|water engineering|"
        "wasserbau|hydrologie|hidrologia|水利工程|水利|水文",
    ),
    (
        "Surveying and Geomatics",
        "08",
        "0816",
        "surveying|geomatics|geodesy|remote sensing|photogrammetry|surveying and "
        "mapping|geodasie|vermessung|geodesie|geodesia|测绘科学与技术|测绘工程|测绘|"
        "遥感",
    ),
    (
        "Remote Sensing Science and Technology",
        "14",
        "1404",
        "remote sensing science and technology|遥感科学与技术",
    ),
    (
        "Chemical Engineering",
        "08",
        "0817",
        "chemical engineering|=chemical|cheme|=chem e|chbe|=cbe|chemical and biomolecular engineering|process "
        "engineering|chemieingenieurwesen|verfahrenstechnik|genie chimique|genie des "
        "procedes|ingenieria quimica|ingegneria chimica|engenharia quimica|"
        "scheikundige technologie|化学工程与技术|化学工程与工艺|化学工程|化工",
    ),
    (
        "Geological Engineering",
        "08",
        "0818",
        "geological engineering|resource exploration engineering|"
        "地质资源与地质工程|地质工程|勘查技术与工程",
    ),
    (
        "Mining Engineering",
        "08",
        "0819",
        "mining engineering|mining|mineral engineering|mineral processing|bergbau|"
        "genie minier|ingenieria de minas|ingegneria mineraria|engenharia de minas|"
        "矿业工程|采矿工程|矿业|采矿",
    ),
    (
        "Petroleum Engineering",
        "08",
        "0820",
        "petroleum engineering|petroleum|oil and gas engineering|natural gas "
        "engineering|erdolingenieurwesen|genie petrolier|ingenieria de petroleos|"
        "ingenieria petrolera|engenharia de petroleo|石油与天然气工程|石油工程|石油",
    ),
    (
        "Textile Engineering",
        "08",
        "0821",
        "textile engineering|textile science|textiles|textile|textiltechnik|"
        "纺织科学与工程|纺织工程|纺织",
    ),
    (
        "Light Industry Engineering",
        "08",
        "0822",
        "light industry|paper science|pulp and paper|packaging engineering|"
        "轻工技术与工程|轻化工程|包装工程|轻工",
    ),
    (
        "Transportation Engineering",
        "08",
        "0823",
        "transportation engineering|transport engineering|traffic engineering|"
        "railway engineering|verkehrsingenieurwesen|verkehrswesen|交通运输工程|交通工程|"
        "交通运输|交通",
    ),
    (
        "Naval Architecture and Ocean Engineering",
        "08",
        "0824",
        "naval architecture|ocean engineering|marine engineering|naval engineering|"
        "offshore engineering|schiffbau|genie naval|ingenieria naval|ingegneria navale|"
        "engenharia naval|scheepsbouwkunde|船舶与海洋工程|船舶工程|船舶|轮机工程",
    ),
    (
        "Aerospace Engineering",
        "08",
        "0825",
        "aerospace engineering|aerospace|aeroastro|=aero astro|=aero|aeronautical engineering|aeronautics|"
        "astronautics|astronautical engineering|aeronautics and astronautics|aviation "
        "engineering|luft und raumfahrttechnik|luftfahrttechnik|raumfahrttechnik|genie "
        "aerospatial|aeronautique|ingenieria aeroespacial|ingenieria aeronautica|"
        "ingegneria aerospaziale|engenharia aeroespacial|engenharia aeronautica|"
        "luchtvaart en ruimtevaarttechniek|航空宇航科学与技术|航空航天工程|航空航天|"
        "飞行器设计|航空|航天",
    ),
    (
        "Armament Science",
        "08",
        "0826",
        "armament science|weapons engineering|兵器科学与技术|兵器",
    ),
    (
        "Nuclear Engineering",
        "08",
        "0827",
        "nuclear engineering|nuclear science|nuclear physics|nuclear science and "
        "technology|kerntechnik|genie nucleaire|ingenieria nuclear|ingegneria nucleare|"
        "核科学与技术|核工程|核物理",
    ),
    (
        "Agricultural Engineering",
        "08",
        "0828",
        "agricultural engineering|biosystems engineering|agrartechnik|genie rural|"
        "ingenieria agricola|ingegneria agraria|engenharia agricola|农业工程",
    ),
    (
        "Forestry Engineering",
        "08",
        "0829",
        "forestry engineering|wood science|forest products|林业工程|木材科学",
    ),
    (
        "Environmental Science and Engineering",
        "08",
        "0830",
        "environmental science|environmental sciences|environmental engineering|"
        "environmental science and engineering|environmental studies|environmental "
        "technology|umweltwissenschaften|umwelttechnik|umweltingenieurwesen|sciences de "
        "l environnement|genie de l environnement|ciencias ambientales|ingenieria "
        "ambiental|scienze ambientali|ingegneria ambientale|engenharia ambiental|"
        "milieukunde|环境科学与工程|环境科学|环境工程|环境",
    ),
    (
        "Food Science",
        "08",
        "0832",
        "food science|food science and technology|food engineering|food technology|"
        "lebensmitteltechnologie|lebensmittelchemie|sciences des aliments|ciencia de los "
        "alimentos|ciencia y tecnologia de los alimentos|scienze e tecnologie "
        "alimentari|食品科学与工程|食品科学|食品工程|食品",
    ),
    (
        "Safety Engineering",
        "08",
        "0837",
        "safety engineering|safety science|occupational safety|安全科学与工程|安全工程",
    ),
    (
        "Engineering Management",
        "12",
        "1201",
        "management science and engineering|management science|ms and e|msande|"
        "engineering management|"
        "industrial engineering|industrial and systems engineering|industrial "
        "engineering and operations research|ieor|operations management and "
        "engineering|logistics engineering|wirtschaftsingenieurwesen|"
        "wirtschaftsingenieur|genie industriel|ingenieria industrial|ingegneria "
        "gestionale|engenharia de producao|technische bedrijfskunde|管理科学与工程|"
        "管理科学|工业工程|工程管理|物流工程",
    ),
    # Agriculture
    (
        "Agronomy",
        "09",
        "0901",
        "agronomy|crop science|agricultural science|agricultural sciences|agriculture|"
        "plant science|seed science|agrarwissenschaften|agronomie|agronomia|"
        "ciencias agrarias|scienze agrarie|landbouwkunde|作物学|农学|农业",
    ),
    (
        "Horticulture",
        "09",
        "0902",
        "horticulture|gartenbau|horticulture et paysage|horticultura|orticoltura|园艺学|园艺",
    ),
    (
        "Agricultural Resources and Environment",
        "09",
        "0903",
        "soil science|agricultural resources|bodenkunde|pedologie|edafologia|"
        "农业资源与环境|土壤学|土壤",
    ),
    (
        "Plant Protection",
        "09",
        "0904",
        "plant protection|plant pathology|entomology|植物保护",
    ),
    (
        "Animal Science",
        "09",
        "0905",
        "animal science|animal husbandry|animal sciences|tierwissenschaften|"
        "zootechnie|zootecnia|畜牧学|动物科学|畜牧",
    ),
    (
        "Veterinary Medicine",
        "09",
        "0906",
        "veterinary medicine|veterinary science|veterinary|=dvm|=bvsc|tiermedizin|"
        "veterinarmedizin|medecine veterinaire|veterinaria|medicina veterinaria|"
        "diergeneeskunde|兽医学|兽医|动物医学",
    ),
    (
        "Forestry",
        "09",
        "0907",
        "forestry|forest science|forstwissenschaft|foresterie|ingenieria forestal|"
        "scienze forestali|林学",
    ),
    ("Fisheries", "09", "0908", "fisheries|aquaculture|fishery science|水产|渔业"),
    ("Grassland Science", "09", "0909", "grassland science|草学|草业科学"),
    (
        "Food and Nutrition",
        "10",
        "1004",
        "nutrition|dietetics|nutritional science|human nutrition|nutrition and "
        "dietetics|ernahrungswissenschaft|ernahrungswissenschaften|dietetique|nutricion|"
        "nutrizione|营养学|营养与食品卫生",
    ),
    # Medicine
    (
        "Clinical Medicine",
        "10",
        "1002",
        "clinical medicine|medicine|=md|mbbs|=mbchb|medicine and surgery|surgery|"
        "medical science|medical sciences|humanmedizin|medizin|medecine|medicina|"
        "medicina y cirugia|medicina e chirurgia|geneeskunde|临床医学|医学|内科|外科",
    ),
    (
        "Basic Medicine",
        "10",
        "1001",
        "basic medicine|biomedical science|biomedical sciences|biomedicine|pathology|"
        "anatomy|pharmacology|biomedizin|biomedecine|biomedicina|基础医学|病理学|药理学",
    ),
    (
        "Dentistry",
        "10",
        "1003",
        "dentistry|dental surgery|dental medicine|stomatology|oral medicine|=dds|=dmd|"
        "=bds|zahnmedizin|chirurgie dentaire|odontologie|odontologia|odontoiatria|"
        "tandheelkunde|口腔医学|口腔",
    ),
    (
        "Public Health",
        "10",
        "1004",
        "public health|epidemiology|global health|preventive medicine|mph|"
        "gesundheitswissenschaften|epidemiologie|sante publique|salud publica|"
        "sanita pubblica|saude publica|公共卫生与预防医学|公共卫生|预防医学|流行病学",
    ),
    (
        "Traditional Chinese Medicine",
        "10",
        "1005",
        "traditional chinese medicine|tcm|chinese medicine|acupuncture|中医学|中医|针灸|"
        "中西医结合|中药学|中药",
    ),
    (
        "Pharmacy",
        "10",
        "1007",
        "pharmacy|pharmaceutical science|pharmaceutical sciences|pharmaceutics|"
        "=pharmd|=bpharm|pharmazie|pharmacie|farmacia|farmacie|farmacia e chimica|"
        "ciencias farmaceuticas|farmacologia|药学|制药工程|药物",
    ),
    (
        "Medical Technology",
        "10",
        "1010",
        "medical technology|medical laboratory science|medical imaging|radiography|"
        "physiotherapy|physical therapy|occupational therapy|rehabilitation|"
        "optometry|audiology|health informatics|medical informatics|physiotherapie|"
        "kinesitherapie|fisioterapia|医学技术|医学影像|医学检验|康复治疗|康复",
    ),
    (
        "Nursing",
        "10",
        "1011",
        "nursing|=bsn|=msn|midwifery|pflegewissenschaft|krankenpflege|soins "
        "infirmiers|enfermeria|infermieristica|enfermagem|verpleegkunde|护理学|护理|助产",
    ),
    (
        "Forensic Medicine",
        "10",
        "1012",
        "forensic medicine|forensic science|法医学|法医",
    ),
    # Humanities and social sciences
    (
        "Philosophy",
        "01",
        "0101",
        "philosophy|ethics|logic|philosophie|filosofia|filosofie|哲学|伦理学|逻辑学",
    ),
    (
        "Religious Studies",
        "01",
        "0101",
        "religious studies|theology|divinity|theologie|teologia|宗教学|神学",
    ),
    (
        "Economics",
        "02",
        "0201",
        "economics|economic science|economic sciences|political economy|economy|"
        "volkswirtschaftslehre|=vwl|wirtschaftswissenschaften|okonomie|economie|"
        "sciences economiques|economia|ciencias economicas|economia politica|economie "
        "en bedrijfskunde|经济学|经济",
    ),
    (
        "Econometrics",
        "02",
        "0202",
        "econometrics|quantitative economics|okonometrie|econometrie|econometria|"
        "计量经济学|数量经济学|计量经济|数量经济",
    ),
    (
        "Applied Economics",
        "02",
        "0202",
        "applied economics|international economics|development economics|regional "
        "economics|industrial economics|international trade|international economics "
        "and trade|labour economics|应用经济学|国际经济与贸易|国际贸易|产业经济",
    ),
    (
        "Finance",
        "02",
        "0251",
        "finance|banking|banking and finance|financial economics|investment|corporate "
        "finance|finanzwirtschaft|finance d entreprise|finanzas|finanza|financas|"
        "financien|金融学|金融|投资学|银行",
    ),
    ("Insurance", "02", "0255", "insurance|保险学|保险"),
    ("Taxation", "02", "0253", "taxation|税收学|税务"),
    ("International Business", "02", "0254", "international business|国际商务"),
    ("Digital Economy", "02", "0258", "digital economy|数字经济"),
    (
        "Law",
        "03",
        "0301",
        "law|laws|legal studies|jurisprudence|llb|llm|=jd|juris doctor|civil law|"
        "international law|criminal law|rechtswissenschaft|rechtswissenschaften|jura|"
        "droit|derecho|giurisprudenza|direito|rechtsgeleerdheid|rechten|法学|法律|"
        "国际法|知识产权",
    ),
    (
        "Political Science",
        "03",
        "0302",
        "political science|politics|sciences po|international relations|government|public policy|"
        "politikwissenschaft|sciences politiques|ciencia politica|ciencias politicas|"
        "scienze politiche|politicologie|政治学|国际关系|国际政治|外交学|政治",
    ),
    (
        "Sociology",
        "03",
        "0303",
        "sociology|social sciences|science and technology studies|social science|anthropology|demography|"
        "soziologie|sociologie|sociologia|社会学|人类学|社会科学",
    ),
    (
        "Social Work",
        "03",
        "0352",
        "social work|=msw|soziale arbeit|travail social|trabajo social|servizio sociale|"
        "社会工作",
    ),
    ("Ethnology", "03", "0304", "ethnology|ethnologie|民族学"),
    (
        "Marxist Theory",
        "03",
        "0305",
        "marxist theory|marxism|马克思主义理论|思想政治教育",
    ),
    (
        "Education",
        "04",
        "0401",
        "education|pedagogy|teaching|teacher education|early childhood education|"
        "educational technology|educational studies|=bed|=med|=mat|"
        "erziehungswissenschaft|erziehungswissenschaften|padagogik|lehramt|"
        "sciences de l education|pedagogie|educacion|pedagogia|scienze dell educazione|"
        "educacao|onderwijskunde|pedagogiek|教育学|教育技术学|教育技术|学前教育|"
        "教育|师范",
    ),
    (
        "Psychology",
        "04",
        "0402",
        "psychology|applied psychology|clinical psychology|counselling psychology|"
        "counseling psychology|cognitive science|cognitive sciences|cognitive "
        "psychology|psychologie|kognitionswissenschaft|sciences cognitives|psicologia|"
        "psychologie en neurowetenschappen|心理学|应用心理学|应用心理|心理|认知科学",
    ),
    (
        "Sport Science",
        "04",
        "0403",
        "sport science|sports science|sports|sport|kinesiology|physical education|"
        "exercise science|sportwissenschaft|staps|ciencias del deporte|"
        "scienze motorie|educacao fisica|体育学|体育教育|运动训练|体育",
    ),
    (
        "Teaching Chinese as a Foreign Language",
        "04",
        "0453",
        "teaching chinese as a foreign language|international chinese education|"
        "chinese as a foreign language|tcfl|=tcsol|汉语国际教育|国际中文教育|对外汉语",
    ),
    (
        "Chinese Language and Literature",
        "05",
        "0501",
        "chinese language and literature|chinese literature|chinese language|chinese|"
        "chinese studies|sinology|sinologie|sinologia|汉语言文学|中国语言文学|汉语言|中文|"
        "汉语",
    ),
    (
        "Foreign Languages and Literature",
        "05",
        "0502",
        "foreign languages|foreign languages and literature|english|english language|"
        "english literature|english studies|modern languages|languages|linguistics|"
        "applied linguistics|literature|comparative literature|german studies|french|"
        "german|spanish|japanese|russian|korean|italian|arabic|anglistik|germanistik|"
        "romanistik|sprachwissenschaft|linguistik|langues|lettres|lettres modernes|"
        "linguistique|filologia|letras|lingue e letterature straniere|taalwetenschap|"
        "外国语言文学|英语语言文学|英语|日语|法语|德语|俄语|语言学|外语|文学",
    ),
    (
        "Journalism and Communication",
        "05",
        "0503",
        "journalism|communication|communications|communication studies|media studies|"
        "mass communication|media|public relations|advertising|broadcasting|"
        "journalistik|kommunikationswissenschaft|medienwissenschaft|journalisme|"
        "sciences de l information et de la communication|periodismo|comunicacion|"
        "giornalismo|scienze della comunicazione|jornalismo|comunicacao|"
        "communicatiewetenschap|新闻传播学|新闻学|传播学|新闻|广告学|广播电视",
    ),
    (
        "Translation and Interpreting",
        "05",
        "0551",
        "translation|interpreting|translation studies|translation and interpreting|"
        "ubersetzen|dolmetschen|traduction|traduccion|traduzione|traducao|翻译",
    ),
    (
        "History",
        "06",
        "0602",
        "history|ancient history|modern history|world history|geschichte|"
        "geschichtswissenschaft|histoire|historia|storia|geschiedenis|历史学|历史|"
        "中国史|世界史",
    ),
    (
        "Archaeology",
        "06",
        "0601",
        "archaeology|archeology|archaologie|archeologie|arqueologia|archeologia|考古学|考古",
    ),
    ("Museum Studies", "06", "0651", "museum studies|museology|文物与博物馆|博物馆学"),
    (
        "Military Science",
        "11",
        None,
        "military science|military studies|war studies|strategic studies|"
        "defence studies|defense studies|militarwissenschaft|军事学|军事",
    ),
    # Management
    (
        "Business Administration",
        "12",
        "1202",
        "business administration|business|business studies|business management|"
        "management|=mba|=bba|=emba|marketing|human resource management|human "
        "resources|entrepreneurship|international management|operations management|"
        "strategy|betriebswirtschaftslehre|betriebswirtschaft|=bwl|kaufmann|"
        "wirtschaft|gestion|management des entreprises|administration des affaires|"
        "sciences de gestion|administracion de empresas|administracion|direccion de "
        "empresas|economia aziendale|gestione aziendale|administracao|"
        "administracao de empresas|bedrijfskunde|工商管理|企业管理|市场营销|人力资源管理|"
        "管理学|管理",
    ),
    (
        "Accounting",
        "12",
        "1253",
        "accounting|accountancy|auditing|rechnungswesen|comptabilite|contabilidad|"
        "contabilita|contabilidade|accountancy en controlling|会计学|会计|财务管理|审计",
    ),
    (
        "Public Administration",
        "12",
        "1204",
        "public administration|public management|mpa|public affairs|"
        "verwaltungswissenschaft|administration publique|administracion publica|"
        "pubblica amministrazione|bestuurskunde|公共管理|行政管理",
    ),
    (
        "Tourism and Hospitality Management",
        "12",
        "1254",
        "tourism|hospitality|hotel management|tourism management|hospitality management|"
        "tourismus|tourisme|turismo|旅游管理|酒店管理|旅游",
    ),
    (
        "Library and Information Science",
        "12",
        "1205",
        "library science|library and information science|information science|"
        "archival science|archives|bibliothekswissenschaft|bibliotheconomie|"
        "biblioteconomia|图书情报与档案管理|图书馆学|档案学|情报学|信息资源管理",
    ),
    (
        "Agricultural Economics and Management",
        "12",
        "1203",
        "agricultural economics|agribusiness|agricultural economics and management|"
        "agrarokonomie|农林经济管理|农业经济管理|农业经济",
    ),
    (
        "Supply Chain and Logistics Management",
        "12",
        "1202",
        "supply chain management|logistics|logistics management|supply chain|logistik|"
        "logistique|logistica|物流管理|供应链管理|物流",
    ),
    # Arts
    (
        "Fine Arts",
        "13",
        "1304",
        "fine arts|fine art|art|arts|visual arts|painting|sculpture|art history|history "
        "of art|=bfa|=mfa|kunst|kunstgeschichte|bildende kunst|beaux arts|arts "
        "plastiques|bellas artes|belle arti|artes plasticas|artes visuais|"
        "beeldende kunst|美术学|美术|绘画|雕塑|艺术学|艺术|书法",
    ),
    (
        "Music",
        "13",
        "1302",
        "music|musicology|music performance|composition|=bmus|musik|musikwissenschaft|"
        "musique|musica|musicologia|muziek|音乐学|音乐|舞蹈学|舞蹈|dance",
    ),
    (
        "Film and Drama",
        "13",
        "1303",
        "film|film studies|cinema|theatre|theater|drama|performing arts|film and "
        "television|animation|filmwissenschaft|theaterwissenschaft|cinema et "
        "audiovisuel|cine|戏剧与影视学|戏剧影视|广播电视编导|动画|戏剧|影视|电影",
    ),
    (
        "Art and Design",
        "13",
        None,
        "graphic design|fashion|fashion design|interior design|visual communication design|"
        "visual communication|communication design|interior architecture|design studies|"
        "art and design|game design|grafikdesign|kommunikationsdesign|modedesign|"
        "innenarchitektur|design graphique|diseno grafico|diseno|design della moda|"
        "视觉传达设计|环境设计|服装与服饰设计|服装设计|数字媒体艺术|艺术设计|设计学",
    ),
)

# Generic words: used only when nothing more specific matched (lowest index wins).
_WEAK: tuple[_V, ...] = (
    (
        "Engineering",
        "08",
        None,
        "engineering|engineer|ingenieurwesen|ingenieurwissenschaften|ingenieur|"
        "ingenierie|genie|ingenieria|ingegneria|engenharia|techniek|工程|工学|工科",
    ),
    (
        "Science",
        "07",
        None,
        "science|sciences|applied science|applied sciences|wissenschaft|ciencias|"
        "scienze|ciencia|理学|科学",
    ),
    ("Technology", "08", None, "technology|technik|tecnologia|technologie|技术"),
    ("Design", "13", None, "design|设计"),
)

# Not a discipline: answering with a category would be a guess.
_UNMAPPABLE = frozenset(
    {
        "general studies",
        "liberal arts",
        "liberal studies",
        "interdisciplinary studies",
        "undeclared",
        "undecided",
        "other",
        "none",
        "n a",
        "na",
        "unknown",
        "various",
    }
)

# Degree titles. Value = canonical field implied when nothing else is named
# ("MBA", "BEng (Hons)"); None = says nothing about the field ("MSc", "PhD").
_DEGREES: dict[str, str | None] = {
    "bachelor of science": None,
    "bachelor of arts": None,
    "master of science": None,
    "master of arts": None,
    "master of philosophy": None,
    "doctor of philosophy": None,
    "master of research": None,
    "master of studies": None,
    "bachelor of applied science": "Engineering",
    "master of applied science": "Engineering",
    "bachelor of engineering": "Engineering",
    "master of engineering": "Engineering",
    "bachelor of technology": "Engineering",
    "master of technology": "Engineering",
    "doctor of engineering": "Engineering",
    "diplom ingenieur": "Engineering",
    "dipl ing": "Engineering",
    "diplome d ingenieur": "Engineering",
    "ingeniero": "Engineering",
    "laurea in ingegneria": "Engineering",
    "bachelor of laws": "Law",
    "master of laws": "Law",
    "bachelor of law": "Law",
    "doctor of medicine": "Clinical Medicine",
    "bachelor of medicine and bachelor of surgery": "Clinical Medicine",
    "bachelor of medicine bachelor of surgery": "Clinical Medicine",
    "bachelor of medicine": "Clinical Medicine",
    "master of business administration": "Business Administration",
    "bachelor of business administration": "Business Administration",
    "master of public administration": "Public Administration",
    "master of public health": "Public Health",
    "bachelor of fine arts": "Fine Arts",
    "master of fine arts": "Fine Arts",
    "bachelor of education": "Education",
    "master of education": "Education",
    "bachelor of architecture": "Architecture",
    "master of architecture": "Architecture",
    "doctor of pharmacy": "Pharmacy",
    "bachelor of pharmacy": "Pharmacy",
    "bachelor of nursing": "Nursing",
    "bachelor of dental surgery": "Dentistry",
    "doctor of dental surgery": "Dentistry",
    "doctor of veterinary medicine": "Veterinary Medicine",
    "master of social work": "Social Work",
    "bachelor of music": "Music",
    "beng": "Engineering",
    "meng": "Engineering",
    "btech": "Engineering",
    "mtech": "Engineering",
    "basc": "Engineering",
    "masc": "Engineering",
    "bsc": None,
    "msc": None,
    "bs": None,
    "ms": None,
    "ba": None,
    "ma": None,
    "bsc eng": "Engineering",
    "mphil": None,
    "mres": None,
    "mst": None,
    "phd": None,
    "dphil": None,
    "dr": None,
    "dr rer nat": "Science",
    "dr ing": "Engineering",
    "bachelor": None,
    "bachelors": None,
    "master": None,
    "masters": None,
    "doctor": None,
    "doctorate": None,
    "doctoral": None,
    "diploma": None,
    "diplom": None,
    "licence": None,
    "licenciatura": None,
    "licenciado": None,
    "grado": None,
    "grau": None,
    "laurea magistrale": None,
    "laurea triennale": None,
    "laurea specialistica": None,
    "laurea": None,
    "mestrado": None,
    "doutorado": None,
    "doutoramento": None,
    "doctorado": None,
    "dottorato di ricerca": None,
    "dottorato": None,
    "doctorat": None,
    "maitrise": None,
    "diplome": None,
}

# Words that qualify a degree title and never name a field.
_FILLER = (
    r"s|hons|honours|honors|degree|programme|program|course|graduate|postgraduate|"
    r"undergraduate|research|taught|candidate|student|with|first class|upper second|"
    r"cum laude|magna cum laude|summa cum laude|distinction|merit|double|joint|"
    r"major|majoring|specialisation|specialization|concentration|option|track|"
    r"dual"
)
_CONNECTORS = r"in the|in|of|en|em|de|di|im|der|des|du|d|da|do|del|della|fur|on|van"

_ZH_NOISE = re.compile(
    r"学士学位|硕士学位|博士学位|学士|硕士|博士后|博士|研究生|本科|专科|专业|学位|方向|"
    r"在读|毕业|全日制|课程"
)

# Traditional characters common in field names, mapped to their simplified forms.
_TRAD = (
    "學與計機電腦資訊醫藥經濟數統體態環築術藝歷語國際傳聞農業園獸護療師範設門類氣產網"
    "絡軟應動車輛礦紡織輕運輸測繪會專論認識財務銀險稅貿營銷廣聲樂劇視畫圖書館檔區規劃"
    "鐵實驗儀導積構結橋質災衛預診斷興離聯漢譯遺細廠標準總組價處單遙檢顯義觀訓練軍戰種"
    "養漁屬發權憲紀監黨倫邏輯兒號調製熱風雲層陸極飛彈碼劑蟲魚齒證審勞職員紙絲飲鄉鎮級"
    "選議參戲攝錄裝飾編額幣氫溫壓聽說讀寫詞話關開變換狀臨腫將項創歐亞華聖鍵盤線纜殼縣"
    "兩萬億為來們個從這麼幾並後裡麵"
)
_SIMP = (
    "学与计机电脑资讯医药经济数统体态环筑术艺历语国际传闻农业园兽护疗师范设门类气产网"
    "络软应动车辆矿纺织轻运输测绘会专论认识财务银险税贸营销广声乐剧视画图书馆档区规划"
    "铁实验仪导积构结桥质灾卫预诊断兴离联汉译遗细厂标准总组价处单遥检显义观训练军战种"
    "养渔属发权宪纪监党伦逻辑儿号调制热风云层陆极飞弹码剂虫鱼齿证审劳职员纸丝饮乡镇级"
    "选议参戏摄录装饰编额币氢温压听说读写词话关开变换状临肿将项创欧亚华圣键盘线缆壳县"
    "两万亿为来们个从这么几并后里面"
)
_TRAD_SIMP = str.maketrans(_TRAD, _SIMP)

_DOTTED = re.compile(r"\b(?:[a-z]{1,4}\.){1,4}")
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"\s+")
_MINOR = re.compile(r"\b(?:minor|minors|nebenfach|mineure|secondary field)\b.*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CODE = re.compile(r"^\s*(\d{2}|\d{4}|\d{6})[tk]?(?=$|[\s:;,/|()\-]|[\u3400-\u9fff])")


def _fold(text: str) -> str:
    """Lower-case, strip Latin accents, simplify Chinese and turn punctuation to spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TRAD_SIMP)
    # Accents only on Latin letters: decomposing kana or hangul would change them.
    text = "".join(
        "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        if "\u00c0" <= ch <= "\u024f"
        else ch
        for ch in text
    )
    text = text.replace("&", " and ").replace("+", " and ")
    # "B.Sc." -> "bsc ", "Ph.D." -> "phd ", before dots become spaces.
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def _degree_pattern() -> re.Pattern[str]:
    """Compile the regex that removes degree titles and their qualifiers."""
    titles = "|".join(re.escape(t) for t in sorted(_DEGREES, key=len, reverse=True))
    return re.compile(
        rf"\b(?P<deg>{titles})(?:\s+(?:{_FILLER}))*(?:\s+(?:{_CONNECTORS}))?\b"
    )


_DEGREE_RE = _degree_pattern()
# Words dropped from either end once the title is gone ("(Hons)", "in", "programme").
_EDGE_RE = re.compile(
    rf"(?:{_CONNECTORS}|s|and|hons|honours|honors|degree|programme|program|course|"
    r"major|majoring|graduate|postgraduate|undergraduate|first class|distinction)"
)


def _strip_degree(text: str) -> tuple[str, str | None]:
    """Remove degree titles; return the rest and the field a title implies, if any."""
    implied: list[str] = []

    def _drop(match: re.Match[str]) -> str:
        field = _DEGREES[match.group("deg")]
        if field:
            implied.append(field)
        return " "

    text = _DEGREE_RE.sub(_drop, text)
    text = _ZH_NOISE.sub(" ", text)
    text = _MINOR.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    words = text.split()
    # A dangling "in"/"of" or honours word left after the title is noise too.
    while words and _EDGE_RE.fullmatch(words[0]):
        words.pop(0)
    while words and _EDGE_RE.fullmatch(words[-1]):
        words.pop()
    return " ".join(words), (implied[0] if implied else None)


@dataclass(frozen=True, slots=True)
class _Alias:
    """One searchable spelling of a vocabulary entry."""

    text: str
    entry: int
    exact_only: bool
    weak: bool
    cjk: bool


@dataclass(frozen=True, slots=True)
class _Entry:
    """A canonical field of study."""

    name: str
    category: str
    subject: str | None
    weak: bool


def _build() -> tuple[tuple[_Entry, ...], tuple[_Alias, ...], dict[str, int]]:
    """Normalise the vocabulary once at import."""
    entries: list[_Entry] = []
    aliases: list[_Alias] = []
    exact: dict[str, int] = {}
    for weak, table in ((False, _VOCAB), (True, _WEAK)):
        for name, category, subject, spellings in table:
            index = len(entries)
            entries.append(_Entry(name, category, subject, weak))
            for raw in (name, *spellings.split("|")):
                exact_only = raw.startswith("=")
                text = _fold(raw.removeprefix("="))
                if not text:
                    continue
                exact.setdefault(text, index)
                if not exact_only:
                    aliases.append(
                        _Alias(text, index, exact_only, weak, bool(_CJK.search(text)))
                    )
    # Longest spelling claims its span first; table order breaks ties.
    aliases.sort(key=lambda a: (-len(a.text), a.entry))
    return tuple(entries), tuple(aliases), exact


_ENTRIES, _ALIASES, _EXACT = _build()
_BY_NAME = {e.name: i for i, e in enumerate(_ENTRIES) if not e.weak}
_BY_NAME["Engineering"] = next(
    i for i, e in enumerate(_ENTRIES) if e.name == "Engineering"
)
_BY_NAME["Science"] = next(i for i, e in enumerate(_ENTRIES) if e.name == "Science")
_WEAK_NAMES = frozenset(name for name, *_ in _WEAK)
_LATIN_WORDS = sorted(
    {w for a in _ALIASES if not a.cjk for w in a.text.split() if len(w) >= 5}
)
_LATIN_WORD_SET = frozenset(_LATIN_WORDS)
_SUGGEST_NAMES = sorted({e.name for e in _ENTRIES if not e.weak} | {"Engineering"})
_SUGGEST_KEYS = {name: _fold(name) for name in _SUGGEST_NAMES}

# Categories close enough that a joint degree keeps its first-named field.
_KIN = (
    frozenset({"07", "08"}),
    frozenset({"01", "02", "03", "04", "05", "06", "11", "12", "13"}),
)


def _result(index: int, matched_by: str) -> FieldClassification:
    """Build the classification for one vocabulary entry."""
    entry = _ENTRIES[index]
    return FieldClassification(entry.category, entry.subject, entry.name, matched_by)


_NONE = FieldClassification(None, None, "", "none")


def _find(text: str) -> list[tuple[int, int]]:
    """Return (position, entry) for every non-overlapping alias found in the text."""
    padded = f" {text} "
    claimed = [False] * len(padded)
    hits: list[tuple[int, int]] = []
    for alias in _ALIASES:
        if alias.exact_only:
            continue
        needle = alias.text if alias.cjk else f" {alias.text} "
        start = padded.find(needle)
        while start != -1:
            lo, hi = (start, start + len(needle))
            inner_lo, inner_hi = (lo, hi) if alias.cjk else (lo + 1, hi - 1)
            if not any(claimed[inner_lo:inner_hi]):
                for i in range(inner_lo, inner_hi):
                    claimed[i] = True
                hits.append((inner_lo, alias.entry))
            start = padded.find(needle, start + 1)
    return sorted(hits)


def _combine(hits: list[tuple[int, int]]) -> FieldClassification | None:
    """Turn keyword hits into one classification (joint degrees included)."""
    strong = [e for _, e in hits if not _ENTRIES[e].weak]
    if not strong:
        weak = [e for _, e in hits if _ENTRIES[e].weak]
        return _result(min(weak), "keyword") if weak else None
    distinct = list(dict.fromkeys(strong))
    first = distinct[0]
    categories = {_ENTRIES[e].category for e in distinct}
    if len(categories) == 1:
        return _result(first, "keyword")
    subjects = {_ENTRIES[e].subject for e in distinct}
    kin = any(categories <= group for group in _KIN)
    if kin and not subjects & set(_CROSS_CATEGORY_SUBJECTS):
        return _result(first, "keyword")
    # A joint degree straddling science and non-science: interdisciplinary, so review.
    names = " + ".join(_ENTRIES[e].name for e in distinct)
    return FieldClassification("14", None, f"Interdisciplinary ({names})", "keyword")


def _correct(text: str) -> str | None:
    """Fix single-word typos against the vocabulary; None when nothing changed."""
    words = text.split()
    changed = False
    for i, word in enumerate(words):
        if len(word) < 6 or word in _LATIN_WORD_SET or _CJK.search(word):
            continue
        limit = 1 if len(word) <= 8 else 2
        best = process.extract(
            word, _LATIN_WORDS, scorer=OSA.distance, score_cutoff=limit, limit=2
        )
        # Two equally close words: do not guess between them.
        if best and (len(best) == 1 or best[0][1] < best[1][1]):
            words[i] = best[0][0]
            changed = True
    return " ".join(words) if changed else None


def _classify_text(text: str) -> FieldClassification:
    """Classify a normalised field name."""
    if not text:
        return _NONE
    if text in _EXACT:
        return _result(_EXACT[text], "exact")
    rest, implied = _strip_degree(text)
    if rest in _UNMAPPABLE:
        return _NONE
    if not rest:
        if implied:
            return _result(_BY_NAME[implied], "keyword")
        return _NONE
    if rest in _EXACT:
        return _result(_EXACT[rest], "exact")
    found = _combine(_find(rest))
    # Only a generic word ("engineering") matched: a typo may hide the real field.
    if found is not None and found.label not in _WEAK_NAMES:
        return found
    corrected = _correct(rest)
    if corrected is not None:
        if corrected in _EXACT:
            return _result(_EXACT[corrected], "fuzzy")
        fixed = _combine(_find(corrected))
        if fixed is not None and (found is None or fixed.label not in _WEAK_NAMES):
            return FieldClassification(
                fixed.category, fixed.subject, fixed.label, "fuzzy"
            )
    if found is not None:
        return found
    if implied:
        return _result(_BY_NAME[implied], "keyword")
    return _NONE


def _parse_code(code: str) -> tuple[str | None, str | None, str]:
    """Return (category, subject, trailing text) for a discipline code, or Nones."""
    match = _CODE.match(code.casefold())
    rest = code[match.end() :].strip(" :;,-/|()") if match else code
    if match is None:
        return None, None, rest
    digits = match.group(1)
    category = digits[:2]
    if category not in CATEGORIES:
        return None, None, rest
    if len(digits) == 2:
        return category, None, rest
    subject = digits[:4]
    if subject not in SUBJECTS and subject not in _CODE_ALIASES:
        return None, None, rest
    # Six digits ending in 00 name a first-level discipline; other six-digit codes are
    # second-level or undergraduate majors, whose first four digits mean different
    # things in the two catalogues, so only the category is trusted.
    if len(digits) == 6 and not digits.endswith("00"):
        return category, None, rest
    return category, _CODE_ALIASES.get(subject, subject), rest


@lru_cache(maxsize=65536)
def _classify(text: str, code: str) -> FieldClassification:
    """Classify normalised inputs (cached)."""
    from_text = _classify_text(text)
    if not code:
        return from_text
    category, subject, trailing = _parse_code(code)
    if category is None:
        return from_text
    if not text and trailing:
        from_text = _classify_text(_fold(trailing))
    if subject is None and from_text.subject is not None:
        # The text may refine a bare category, e.g. "07" + "Statistics" -> 0714.
        allowed = _CROSS_CATEGORY_SUBJECTS.get(from_text.subject, frozenset())
        if from_text.category == category or category in allowed:
            return FieldClassification(
                category, from_text.subject, from_text.label, "code"
            )
    label = SUBJECTS.get(subject, "") if subject else CATEGORIES[category]
    return FieldClassification(category, subject, label, "code")


@lru_cache(maxsize=65536)
def classify_field(
    name: str | None, discipline_code: str | None = None
) -> FieldClassification:
    """Map a field-of-study name and optional MOE discipline code to the catalogue."""
    return _classify(_fold(name or ""), (discipline_code or "").strip())


def stem_status(
    fc: FieldClassification,
    *,
    stem_categories: frozenset[str] = DEFAULT_STEM_CATEGORIES,
    ambiguous_categories: frozenset[str] = DEFAULT_AMBIGUOUS_CATEGORIES,
    ambiguous_subjects: frozenset[str] = DEFAULT_AMBIGUOUS_SUBJECTS,
) -> StemStatus:
    """Say whether a classified field is STEM, ambiguous, non-STEM or unmapped."""
    if fc.category is None:
        return StemStatus.UNMAPPED
    if fc.subject is not None and fc.subject in ambiguous_subjects:
        return StemStatus.AMBIGUOUS
    if fc.category in stem_categories:
        return StemStatus.STEM
    if fc.category in ambiguous_categories:
        return StemStatus.AMBIGUOUS
    return StemStatus.NON_STEM


def field_suggestions(text: str, limit: int = 10) -> list[str]:
    """Return canonical English field names matching what the user has typed."""
    return list(_suggest(text or "", limit))


@lru_cache(maxsize=4096)
def _suggest(text: str, limit: int) -> tuple[str, ...]:
    """Rank canonical names: prefix, word prefix, alias, then fuzzy."""
    query = _fold(text or "")
    if not query or limit <= 0:
        return ()
    ranked: dict[str, int] = {}
    for name, key in _SUGGEST_KEYS.items():
        if key.startswith(query):
            ranked.setdefault(name, 0)
        elif f" {query}" in f" {key}":
            ranked.setdefault(name, 1)
    for alias in _ALIASES:
        if alias.text.startswith(query) or (alias.cjk and query in alias.text):
            ranked.setdefault(_ENTRIES[alias.entry].name, 2)
    if len(ranked) < limit and len(query) >= 4:
        keys = list(_SUGGEST_KEYS.values())
        names = list(_SUGGEST_KEYS)
        for _, score, idx in process.extract(query, keys, limit=limit, score_cutoff=75):
            ranked.setdefault(names[idx], 3 + int(100 - score))
    ordered = sorted(ranked, key=lambda n: (ranked[n], n))
    return tuple(ordered[:limit])
