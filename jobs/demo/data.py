"""Vocabulary for realistic demo profiles: names, institutions, fields, skills."""

# (given, family, nationality ISO code)
PEOPLE = [
    ("Anna", "Müller", "DE"),
    ("Lukas", "Schneider", "DE"),
    ("Chloé", "Martin", "FR"),
    ("Louis", "Bernard", "FR"),
    ("Giulia", "Rossi", "IT"),
    ("Marco", "Bianchi", "IT"),
    ("Lucía", "García", "ES"),
    ("Javier", "López", "ES"),
    ("Emma", "de Vries", "NL"),
    ("Oliver", "Smith", "GB"),
    ("Amelia", "Jones", "GB"),
    ("Ethan", "Johnson", "US"),
    ("Olivia", "Brown", "US"),
    ("Noah", "Tremblay", "CA"),
    ("Mia", "Wilson", "AU"),
    ("Aarav", "Sharma", "IN"),
    ("Priya", "Patel", "IN"),
    ("Rohan", "Iyer", "IN"),
    ("Yuki", "Tanaka", "JP"),
    ("Haruto", "Sato", "JP"),
    ("Min-jun", "Kim", "KR"),
    ("Seo-yeon", "Park", "KR"),
    ("Nguyen", "Van An", "VN"),
    ("Siti", "Rahman", "MY"),
    ("Ahmed", "Hassan", "EG"),
    ("Fatima", "Khan", "PK"),
    ("Mehmet", "Yılmaz", "TR"),
    ("Ivan", "Petrov", "RU"),
    ("Olga", "Ivanova", "RU"),
    ("Kofi", "Mensah", "GH"),
    ("Chinedu", "Okafor", "NG"),
    ("Thabo", "Nkosi", "ZA"),
    ("Mateus", "Silva", "BR"),
    ("Valentina", "Gómez", "AR"),
    ("Sofía", "Hernández", "MX"),
    ("Erik", "Johansson", "SE"),
    ("Ingrid", "Hansen", "NO"),
    ("Jakub", "Nowak", "PL"),
    ("Tereza", "Novák", "CZ"),
    ("Dmytro", "Shevchenko", "UA"),
    ("Ali", "Rezaei", "IR"),
    ("Somchai", "Srisuk", "TH"),
    ("Maria", "Santos", "PH"),
    ("Lars", "Nielsen", "DK"),
    ("Aino", "Virtanen", "FI"),
]

# (institution as a candidate might type it, country, tier hint for variety)
INSTITUTIONS = [
    ("ETH Zurich", "CH"),
    ("Technische Universität München", "DE"),
    ("MIT", "US"),
    ("Stanford University", "US"),
    ("University of Cambridge", "GB"),
    ("UCL", "GB"),
    ("Imperial College London", "GB"),
    ("EPFL", "CH"),
    ("National University of Singapore", "SG"),
    ("University of Tokyo", "JP"),
    ("東京大学", "JP"),
    ("KAIST", "KR"),
    ("Seoul National University", "KR"),
    ("IIT Bombay", "IN"),
    ("IIT Delhi", "IN"),
    ("Tsinghua University", "CN"),
    ("清华大学", "CN"),
    ("Peking University", "CN"),
    ("Zhejiang University", "CN"),
    ("Shanghai Jiao Tong University", "CN"),
    ("University of Toronto", "CA"),
    ("University of Melbourne", "AU"),
    ("Sorbonne Université", "FR"),
    ("Politecnico di Milano", "IT"),
    ("Universidad de Buenos Aires", "AR"),
    ("Universidade de São Paulo", "BR"),
    ("KTH Royal Institute of Technology", "SE"),
    ("Delft University of Technology", "NL"),
    ("University of Cape Town", "ZA"),
    ("Cairo University", "EG"),
    ("Moscow State University", "RU"),
    ("Universiti Malaya", "MY"),
    ("Chulalongkorn University", "TH"),
    ("University of Lagos", "NG"),
    ("Harvard University", "US"),
    ("University of Oxford", "GB"),
    # Not well known, or not known to the screening at all:
    ("Westbrook Polytechnic College", "US"),
    ("Lakeside Institute of Technology", "IN"),
    ("Hochschule Musterstadt", "DE"),
    ("Saint Aurelia Private University", "PH"),
]

# (field, kind of field, skills typical for it)
FIELDS = [
    (
        "Computer Science",
        "stem",
        ["Python", "Machine Learning", "PyTorch", "Kubernetes", "Go", "SQL"],
    ),
    (
        "Electrical Engineering",
        "stem",
        ["FPGA", "Verilog", "Signal Processing", "MATLAB", "Embedded C"],
    ),
    (
        "Mechanical Engineering",
        "stem",
        ["CAD", "SolidWorks", "Finite Element Analysis", "Robotics"],
    ),
    (
        "Materials Science",
        "stem",
        ["Materials Characterisation", "XRD", "Thin Films", "Python"],
    ),
    ("Physics", "stem", ["Quantum Optics", "Python", "C++", "Data Analysis"]),
    ("Chemistry", "stem", ["Organic Synthesis", "NMR", "HPLC", "Catalysis"]),
    ("Mathematics", "stem", ["Statistics", "R", "Optimisation", "Python"]),
    ("Data Science", "stem", ["Python", "SQL", "Deep Learning", "Spark"]),
    (
        "Biomedical Engineering",
        "stem",
        ["Medical Imaging", "Python", "Signal Processing"],
    ),
    ("Informatik", "stem", ["Java", "Python", "Distributed Systems"]),
    ("Génie électrique", "stem", ["Power Electronics", "MATLAB", "Embedded C"]),
    ("计算机科学与技术", "stem", ["Python", "Java", "Machine Learning"]),
    ("Clinical Medicine", "ambiguous", ["Clinical Research", "Biostatistics"]),
    ("Agronomy", "ambiguous", ["Plant Breeding", "R", "GIS"]),
    ("Psychology", "ambiguous", ["Experimental Design", "R", "SPSS"]),
    (
        "Business Administration",
        "non_stem",
        ["Project Management", "Excel", "Negotiation"],
    ),
    ("Economics", "non_stem", ["Econometrics", "Stata", "Excel"]),
    ("English Literature", "non_stem", ["Teaching", "Copywriting"]),
]

RESEARCH_ORGS = [
    "Max Planck Institute for Informatics",
    "CNRS",
    "RIKEN",
    "CERN",
    "Chinese Academy of Sciences",
    "Fraunhofer Institute for Integrated Circuits",
]
COMPANIES = [
    "Siemens",
    "Bosch",
    "Google",
    "Microsoft",
    "SAP",
    "Infosys",
    "Samsung Electronics",
    "Huawei",
    "Alibaba",
    "ByteDance",
    "Startup GmbH",
    "Local Engineering Ltd",
]
CITIES_CN = [
    "Beijing",
    "Shanghai",
    "Shenzhen",
    "Hangzhou",
    "Guangzhou",
    "Chengdu",
    "Wuhan",
    "Nanjing",
    "Suzhou",
    "Xi'an",
]
ROLE_TITLES = [
    "Machine-learning engineer",
    "Research scientist",
    "Embedded systems engineer",
    "Materials scientist",
    "Postdoctoral researcher",
    "Data scientist",
    "Robotics engineer",
    "Lecturer in physics",
    "Battery R&D engineer",
    "Chip design engineer",
]

# --- Employers and roles -----------------------------------------------------------

# City -> administrative division code (the credit code's characters 3-8).
CITY_DIVISIONS = {
    "Beijing": "110000",
    "Shanghai": "310000",
    "Shenzhen": "440300",
    "Guangzhou": "440100",
    "Hangzhou": "330100",
    "Suzhou": "320500",
    "Nanjing": "320100",
    "Chengdu": "510100",
    "Wuhan": "420100",
    "Xi'an": "610100",
    "Hefei": "340100",
    "Tianjin": "120000",
    "Chongqing": "500000",
    "Changsha": "430100",
    "Xiamen": "350200",
    "Qingdao": "370200",
    "Dalian": "210200",
    "Shenyang": "210100",
    "Harbin": "230100",
    "Kunming": "530100",
    "Ningbo": "330200",
    "Zhuhai": "440400",
}

# (English name stem, Chinese name stem, industry)
COMPANY_STEMS = [
    ("Starlight Robotics", "星光机器人", "Robotics"),
    ("Pearl River Semiconductor", "珠江半导体", "Semiconductors"),
    ("Jade Battery Technology", "翡翠电池科技", "Energy storage"),
    ("Kunlun Quantum", "昆仑量子", "Quantum technology"),
    ("Blue Whale AI", "蓝鲸智能", "Artificial intelligence"),
    ("Silk Road Biotech", "丝路生物", "Biotechnology"),
    ("Golden Panda Materials", "金熊猫新材料", "Advanced materials"),
    ("Dragon Gate Aerospace", "龙门航天", "Aerospace"),
    ("Lotus Medical Devices", "莲花医疗器械", "Medical devices"),
    ("North Star Autonomous Driving", "北极星智驾", "Automotive"),
    ("Cloud Peak Software", "云峰软件", "Software"),
    ("Bamboo Grid Energy", "竹网能源", "Renewable energy"),
    ("Phoenix Photonics", "凤凰光电", "Photonics"),
    ("West Lake Research Institute", "西湖研究院", "Research"),
    ("Yangtze Chip Design", "长江芯片设计", "Semiconductors"),
    ("Harmony Precision Instruments", "和谐精密仪器", "Instrumentation"),
]

# (title, field of study, skills, salary band in CNY per year)
ROLE_KINDS = [
    (
        "Machine-learning engineer",
        "Computer Science",
        ["Python", "PyTorch", "Kubernetes"],
        (350_000, 800_000),
    ),
    (
        "Research scientist, large language models",
        "Computer Science",
        ["Python", "PyTorch", "Deep Learning"],
        (600_000, 1_500_000),
    ),
    (
        "Embedded systems engineer",
        "Electrical Engineering",
        ["Embedded C", "FPGA", "Signal Processing"],
        (250_000, 500_000),
    ),
    (
        "Chip design engineer",
        "Electrical Engineering",
        ["Verilog", "FPGA", "Python"],
        (400_000, 900_000),
    ),
    (
        "Battery R&D engineer",
        "Materials Science",
        ["Materials Characterisation", "XRD", "Python"],
        (300_000, 600_000),
    ),
    (
        "Materials scientist",
        "Materials Science",
        ["Thin Films", "XRD"],
        (280_000, 550_000),
    ),
    (
        "Robotics engineer",
        "Mechanical Engineering",
        ["Robotics", "C++", "CAD"],
        (300_000, 650_000),
    ),
    (
        "Postdoctoral researcher in quantum optics",
        "Physics",
        ["Quantum Optics", "Python", "Data Analysis"],
        (250_000, 400_000),
    ),
    ("Data scientist", "Data Science", ["Python", "SQL", "Spark"], (300_000, 700_000)),
    (
        "Process chemist",
        "Chemistry",
        ["Organic Synthesis", "HPLC", "NMR"],
        (220_000, 450_000),
    ),
    (
        "Biomedical imaging scientist",
        "Biomedical Engineering",
        ["Medical Imaging", "Python"],
        (300_000, 600_000),
    ),
    (
        "Lecturer in physics",
        "Physics",
        ["Teaching", "Data Analysis"],
        (200_000, 350_000),
    ),
    (
        "Statistician",
        "Mathematics",
        ["Statistics", "R", "Optimisation"],
        (250_000, 500_000),
    ),
    (
        "Backend engineer (Go)",
        "Computer Science",
        ["Go", "Kubernetes", "SQL"],
        (300_000, 700_000),
    ),
    (
        "Power electronics engineer",
        "Electrical Engineering",
        ["Power Electronics", "MATLAB"],
        (280_000, 550_000),
    ),
]

ROLE_DESCRIPTION = """Join our {team} team in {city} and help us build {product}.

**What you will do**

- Design, build and test {product} in a group of {size} colleagues.
- Publish and present your work; we fund two international conferences a year.
- Mentor junior colleagues and work with partner universities.

**What we offer**

- Base salary CNY {salary_min:,}–{salary_max:,} per year, plus a performance bonus.
- Housing allowance, Chinese lessons and help with the visa and work permit.
"""
ROLE_PRODUCTS = [
    "next-generation industrial robots",
    "edge AI chips",
    "solid-state batteries",
    "quantum sensors",
    "autonomous driving perception",
    "medical imaging systems",
    "large-scale recommendation models",
    "satellite communication payloads",
]

# --- Roles as real employers post them: in Chinese, in English or both -------------

# Chinese titles of the English kinds above, for the bilingual roles.
ROLE_TITLES_ZH = {
    "Machine-learning engineer": "机器学习工程师",
    "Research scientist, large language models": "大语言模型研究科学家",
    "Embedded systems engineer": "嵌入式系统工程师",
    "Chip design engineer": "芯片设计工程师",
    "Battery R&D engineer": "电池研发工程师",
    "Materials scientist": "材料科学家",
    "Robotics engineer": "机器人工程师",
    "Postdoctoral researcher in quantum optics": "量子光学博士后研究员",
    "Data scientist": "数据科学家",
    "Process chemist": "工艺化学家",
    "Biomedical imaging scientist": "生物医学成像科学家",
    "Lecturer in physics": "物理学讲师",
    "Statistician": "统计师",
    "Backend engineer (Go)": "后端工程师（Go）",
    "Power electronics engineer": "电力电子工程师",
}

# Roles posted in Chinese only: (title, field of study, skills, salary band).
ROLE_KINDS_ZH = [
    (
        "高级机器学习工程师",
        "Computer Science",
        ["计算机视觉", "机器学习", "Python"],
        (450_000, 900_000),
    ),
    (
        "芯片验证工程师",
        "Electrical Engineering",
        ["Verilog", "FPGA"],
        (350_000, 700_000),
    ),
    (
        "博士后研究员",
        "Physics",
        ["Quantum Optics", "数据分析"],
        (250_000, 400_000),
    ),
    (
        "自动驾驶感知算法工程师",
        "Computer Science",
        ["计算机视觉", "深度学习", "C++"],
        (400_000, 850_000),
    ),
    (
        "电池材料研发工程师",
        "Materials Science",
        ["XRD", "Thin Films"],
        (280_000, 550_000),
    ),
]

ROLE_DESCRIPTION_ZH = """加入我们在{city}的{team}团队，参与研发{product}。

**岗位职责**

- 与{size}位工程师和科学家一起设计、开发并测试{product}。
- 发表论文并参加学术会议，公司每年资助两次国际会议。
- 指导初级同事，与合作高校开展研究。

**我们提供**

- 基本年薪人民币{salary_min:,}–{salary_max:,}元，另有绩效奖金。
- 住房补贴、中文课程，并协助办理签证和工作许可。
"""
ROLE_PRODUCTS_ZH = [
    "新一代工业机器人",
    "边缘AI芯片",
    "固态电池",
    "量子传感器",
    "自动驾驶感知系统",
]
