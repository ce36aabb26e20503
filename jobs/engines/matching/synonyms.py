"""Skill relations: which specific skill "fits" a broader one, and partial credit.

Skills are slugs in `accounts.skills.skill_key` form ("pytorch", "deep-learning").
Each line of `_TABLE` reads ``skill: kinds | bases``:

* a *kind* edge says the skill is a kind of, or a tool for, the broader skill
  (``pytorch: deep-learning``; ``deep-learning: machine-learning``);
* a *base* edge says the skill is built on a language or platform
  (``pytorch: … | python``; ``django: … | python``).

Credit for one required skill R against a candidate's skills (the best rule wins):

1. **1.0, fits** — the candidate has R, or any skill that reaches R by following
   edges of either sort upwards, any number of steps: PyTorch fits deep learning,
   machine learning and artificial intelligence; Django fits Python.
2. **sibling credit (0.5)** — the candidate has, or fits, a skill that shares a
   direct *kind* parent with R: TensorFlow for a PyTorch requirement (both deep
   learning), MySQL for PostgreSQL (both SQL). Base edges make no siblings, so
   Django and pandas are not close although both are built on Python.
3. **parent credit (0.25)** — the candidate has, or fits, a direct parent of R:
   deep learning for a PyTorch requirement, Python for a Django requirement.
   Broader never fully satisfies narrower.
4. **0** otherwise.

Every rule reads the candidate's *expanded* set (their skills plus everything those
fit), so adding a skill never lowers any credit. The credits are parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

# skill: kind parents | base parents. Roots (no parents) may be left out.
_TABLE = """
artificial-intelligence:
machine-learning: artificial-intelligence
deep-learning: machine-learning
reinforcement-learning: machine-learning
natural-language-processing: artificial-intelligence
computer-vision: artificial-intelligence
llm: natural-language-processing, deep-learning
generative-ai: deep-learning
pytorch: deep-learning | python
tensorflow: deep-learning | python
keras: deep-learning | python
jax: deep-learning | python
paddlepaddle: deep-learning | python
mxnet: deep-learning
scikit-learn: machine-learning | python
xgboost: machine-learning
lightgbm: machine-learning
hugging-face: natural-language-processing, deep-learning | python
langchain: llm | python
spacy: natural-language-processing | python
nltk: natural-language-processing | python
opencv: computer-vision, image-processing
image-processing: signal-processing
slam: robotics, computer-vision
autonomous-driving: robotics
data-science:
data-analysis: data-science
data-visualization: data-analysis
pandas: data-analysis | python
matplotlib: data-visualization | python
tableau: data-visualization
power-bi: data-visualization
excel: data-analysis
statistics:
r: statistics, data-analysis
spss: statistics
sas: statistics
stata: statistics
bayesian-statistics: statistics
time-series-analysis: statistics
scientific-computing:
numpy: scientific-computing | python
scipy: scientific-computing | python
numerical-methods: scientific-computing
high-performance-computing:
gpu-programming: high-performance-computing
cuda: gpu-programming | cpp
opencl: gpu-programming
mpi: high-performance-computing
openmp: high-performance-computing
data-engineering:
etl: data-engineering
airflow: etl | python
big-data: data-engineering
spark: big-data
hadoop: big-data
hive: big-data | sql
flink: big-data
distributed-systems:
message-queue: distributed-systems
kafka: message-queue
rabbitmq: message-queue
microservices: distributed-systems
databases:
sql: databases
postgresql: sql
mysql: sql
sqlite: sql
oracle: sql
sql-server: sql
mariadb: sql
nosql: databases
mongodb: nosql
redis: nosql
cassandra: nosql
elasticsearch: nosql
neo4j: nosql
python:
java:
javascript:
typescript: javascript
go:
rust:
c:
cpp:
csharp:
kotlin:
swift:
scala:
ruby:
php:
dart:
julia:
fortran:
matlab:
simulink: | matlab
frontend:
react: frontend | javascript
vue: frontend | javascript
angular: frontend | typescript
svelte: frontend | javascript
jquery: frontend | javascript
nextjs: react
html: frontend
css: frontend
tailwind-css: css
webpack: frontend | javascript
backend:
web-api: backend
rest-api: web-api
graphql: web-api
grpc: web-api
nodejs: backend | javascript
express: nodejs
nestjs: nodejs | typescript
django: backend | python
flask: backend | python
fastapi: backend | python
spring: backend | java
spring-boot: spring
ruby-on-rails: backend | ruby
laravel: backend | php
dotnet:
asp-net: backend | dotnet, csharp
mobile-development:
android: mobile-development
ios: mobile-development
flutter: mobile-development | dart
react-native: mobile-development | javascript
jetpack-compose: android | kotlin
swiftui: ios | swift
devops:
containers: devops
docker: containers
kubernetes: containers
ci-cd: devops
jenkins: ci-cd
github-actions: ci-cd
gitlab-ci: ci-cd
infrastructure-as-code: devops
terraform: infrastructure-as-code
ansible: infrastructure-as-code
monitoring: devops
prometheus: monitoring
grafana: monitoring
cloud-computing:
aws: cloud-computing
azure: cloud-computing
google-cloud: cloud-computing
alibaba-cloud: cloud-computing
tencent-cloud: cloud-computing
operating-systems:
linux: operating-systems
shell-scripting:
bash: shell-scripting
version-control:
git: version-control
cybersecurity:
penetration-testing: cybersecurity
cryptography: cybersecurity
network-security: cybersecurity, networking
networking:
tcp-ip: networking
software-testing:
unit-testing: software-testing
test-automation: software-testing
selenium: test-automation
pytest: unit-testing | python
junit: unit-testing | java
agile:
scrum: agile
kanban: agile
game-development:
unity: game-development | csharp
unreal-engine: game-development | cpp
computer-graphics:
opengl: computer-graphics
vulkan: computer-graphics
blender: computer-graphics
ui-ux-design:
figma: ui-ux-design
blockchain:
smart-contracts: blockchain
solidity: smart-contracts
embedded-systems:
microcontrollers: embedded-systems
stm32: microcontrollers
arduino: microcontrollers
rtos: embedded-systems
freertos: rtos
embedded-linux: embedded-systems, linux
electronics:
circuit-design: electronics
pcb-design: circuit-design
altium-designer: pcb-design
kicad: pcb-design
analog-design: circuit-design
digital-design: circuit-design
rf-design: circuit-design
fpga: digital-design
verilog: digital-design
vhdl: digital-design
systemverilog: verilog
spice: analog-design
power-electronics: electronics
signal-processing:
dsp: signal-processing
telecommunications:
wireless-communication: telecommunications
5g: wireless-communication
control-systems:
industrial-automation: control-systems
plc: industrial-automation
scada: industrial-automation
robotics:
ros: robotics
ros2: ros
motion-planning: robotics
cad:
solidworks: cad
autocad: cad
catia: cad
creo: cad
finite-element-analysis:
fea: finite-element-analysis
ansys: finite-element-analysis
abaqus: finite-element-analysis
comsol: finite-element-analysis
fluid-dynamics:
cfd: fluid-dynamics
openfoam: cfd
thermodynamics:
heat-transfer: thermodynamics
manufacturing:
cnc-machining: manufacturing
additive-manufacturing: manufacturing
3d-printing: additive-manufacturing
injection-molding: manufacturing
lean-manufacturing: manufacturing
quality-management:
six-sigma: quality-management
materials-science:
materials-characterization: materials-science
xrd: materials-characterization
electron-microscopy: materials-characterization
sem: electron-microscopy
tem: electron-microscopy
afm: materials-characterization
thin-film-deposition: materials-science
sputtering: thin-film-deposition
chemical-vapor-deposition: thin-film-deposition
microfabrication:
photolithography: microfabrication
electrochemistry:
lithium-ion-batteries: electrochemistry
fuel-cells: electrochemistry
computational-chemistry:
dft: computational-chemistry
vasp: dft
gaussian: computational-chemistry
molecular-dynamics: computational-chemistry
lammps: molecular-dynamics
gromacs: molecular-dynamics
analytical-chemistry:
spectroscopy: analytical-chemistry
raman-spectroscopy: spectroscopy
ftir: spectroscopy
nmr: spectroscopy
xps: spectroscopy, materials-characterization
chromatography: analytical-chemistry
hplc: chromatography
mass-spectrometry: analytical-chemistry
gc-ms: chromatography, mass-spectrometry
lc-ms: chromatography, mass-spectrometry
organic-chemistry:
organic-synthesis: organic-chemistry
polymer-chemistry:
polymer-synthesis: polymer-chemistry
molecular-biology:
pcr: molecular-biology
qpcr: pcr
western-blot: molecular-biology
molecular-cloning: molecular-biology
gene-editing: molecular-biology
crispr: gene-editing
cell-biology:
cell-culture: cell-biology
flow-cytometry: cell-biology
microscopy:
confocal-microscopy: microscopy
fluorescence-microscopy: microscopy
biochemistry:
protein-purification: biochemistry
elisa: biochemistry
bioinformatics:
genomics: bioinformatics
ngs: genomics
rna-seq: ngs, bioinformatics
sequence-alignment: bioinformatics
blast: sequence-alignment
biopython: bioinformatics | python
bioconductor: bioinformatics | r
optimization:
operations-research: optimization
linear-programming: optimization
gurobi: optimization
cplex: optimization
"""

# How a slug reads in a sentence when it is not just its words in lower case.
_LABELS: Final[dict[str, str]] = {
    "python": "Python",
    "java": "Java",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "go": "Go",
    "rust": "Rust",
    "c": "C",
    "cpp": "C++",
    "csharp": "C#",
    "kotlin": "Kotlin",
    "swift": "Swift",
    "scala": "Scala",
    "ruby": "Ruby",
    "php": "PHP",
    "dart": "Dart",
    "julia": "Julia",
    "fortran": "Fortran",
    "r": "R",
    "matlab": "MATLAB",
    "simulink": "Simulink",
    "sql": "SQL",
    "nosql": "NoSQL",
    "postgresql": "PostgreSQL",
    "mysql": "MySQL",
    "sqlite": "SQLite",
    "oracle": "Oracle",
    "sql-server": "SQL Server",
    "mariadb": "MariaDB",
    "mongodb": "MongoDB",
    "redis": "Redis",
    "cassandra": "Cassandra",
    "elasticsearch": "Elasticsearch",
    "neo4j": "Neo4j",
    "pytorch": "PyTorch",
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "jax": "JAX",
    "paddlepaddle": "PaddlePaddle",
    "mxnet": "MXNet",
    "xgboost": "XGBoost",
    "lightgbm": "LightGBM",
    "hugging-face": "Hugging Face",
    "langchain": "LangChain",
    "spacy": "spaCy",
    "nltk": "NLTK",
    "opencv": "OpenCV",
    "llm": "LLM",
    "generative-ai": "generative AI",
    "slam": "SLAM",
    "pandas": "pandas",
    "scikit-learn": "scikit-learn",
    "numpy": "NumPy",
    "scipy": "SciPy",
    "tableau": "Tableau",
    "power-bi": "Power BI",
    "excel": "Excel",
    "spss": "SPSS",
    "sas": "SAS",
    "stata": "Stata",
    "cuda": "CUDA",
    "opencl": "OpenCL",
    "mpi": "MPI",
    "openmp": "OpenMP",
    "etl": "ETL",
    "airflow": "Airflow",
    "spark": "Spark",
    "hadoop": "Hadoop",
    "hive": "Hive",
    "flink": "Flink",
    "kafka": "Kafka",
    "rabbitmq": "RabbitMQ",
    "react": "React",
    "vue": "Vue",
    "angular": "Angular",
    "svelte": "Svelte",
    "jquery": "jQuery",
    "nextjs": "Next.js",
    "html": "HTML",
    "css": "CSS",
    "tailwind-css": "Tailwind CSS",
    "webpack": "webpack",
    "web-api": "web APIs",
    "rest-api": "REST APIs",
    "graphql": "GraphQL",
    "grpc": "gRPC",
    "nodejs": "Node.js",
    "express": "Express",
    "nestjs": "NestJS",
    "django": "Django",
    "flask": "Flask",
    "fastapi": "FastAPI",
    "spring": "Spring",
    "spring-boot": "Spring Boot",
    "ruby-on-rails": "Ruby on Rails",
    "laravel": "Laravel",
    "dotnet": ".NET",
    "asp-net": "ASP.NET",
    "android": "Android",
    "ios": "iOS",
    "flutter": "Flutter",
    "react-native": "React Native",
    "jetpack-compose": "Jetpack Compose",
    "swiftui": "SwiftUI",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    "ci-cd": "CI/CD",
    "jenkins": "Jenkins",
    "github-actions": "GitHub Actions",
    "gitlab-ci": "GitLab CI",
    "terraform": "Terraform",
    "ansible": "Ansible",
    "prometheus": "Prometheus",
    "grafana": "Grafana",
    "aws": "AWS",
    "azure": "Azure",
    "google-cloud": "Google Cloud",
    "alibaba-cloud": "Alibaba Cloud",
    "tencent-cloud": "Tencent Cloud",
    "linux": "Linux",
    "bash": "Bash",
    "git": "Git",
    "tcp-ip": "TCP/IP",
    "selenium": "Selenium",
    "pytest": "pytest",
    "junit": "JUnit",
    "scrum": "Scrum",
    "kanban": "Kanban",
    "unity": "Unity",
    "unreal-engine": "Unreal Engine",
    "opengl": "OpenGL",
    "vulkan": "Vulkan",
    "blender": "Blender",
    "ui-ux-design": "UI/UX design",
    "figma": "Figma",
    "solidity": "Solidity",
    "stm32": "STM32",
    "arduino": "Arduino",
    "rtos": "RTOS",
    "freertos": "FreeRTOS",
    "embedded-linux": "embedded Linux",
    "pcb-design": "PCB design",
    "altium-designer": "Altium Designer",
    "kicad": "KiCad",
    "rf-design": "RF design",
    "fpga": "FPGA",
    "verilog": "Verilog",
    "vhdl": "VHDL",
    "systemverilog": "SystemVerilog",
    "spice": "SPICE",
    "dsp": "DSP",
    "5g": "5G",
    "plc": "PLC",
    "scada": "SCADA",
    "ros": "ROS",
    "ros2": "ROS 2",
    "cad": "CAD",
    "solidworks": "SolidWorks",
    "autocad": "AutoCAD",
    "catia": "CATIA",
    "creo": "Creo",
    "fea": "FEA",
    "ansys": "ANSYS",
    "abaqus": "Abaqus",
    "comsol": "COMSOL",
    "cfd": "CFD",
    "openfoam": "OpenFOAM",
    "cnc-machining": "CNC machining",
    "3d-printing": "3D printing",
    "six-sigma": "Six Sigma",
    "xrd": "XRD",
    "sem": "SEM",
    "tem": "TEM",
    "afm": "AFM",
    "dft": "DFT",
    "vasp": "VASP",
    "gaussian": "Gaussian",
    "lammps": "LAMMPS",
    "gromacs": "GROMACS",
    "raman-spectroscopy": "Raman spectroscopy",
    "ftir": "FTIR",
    "nmr": "NMR",
    "xps": "XPS",
    "hplc": "HPLC",
    "gc-ms": "GC-MS",
    "lc-ms": "LC-MS",
    "pcr": "PCR",
    "qpcr": "qPCR",
    "western-blot": "Western blot",
    "crispr": "CRISPR",
    "elisa": "ELISA",
    "ngs": "NGS",
    "rna-seq": "RNA-seq",
    "blast": "BLAST",
    "biopython": "Biopython",
    "bioconductor": "Bioconductor",
    "gurobi": "Gurobi",
    "cplex": "CPLEX",
}


def _parse(table: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    kinds: dict[str, tuple[str, ...]] = {}
    bases: dict[str, tuple[str, ...]] = {}
    for line in table.strip().splitlines():
        skill, _, rest = line.partition(":")
        kind_text, _, base_text = rest.partition("|")
        skill = skill.strip()
        if skill in kinds:
            raise ValueError(f"skill listed twice: {skill}")
        kinds[skill] = tuple(p.strip() for p in kind_text.split(",") if p.strip())
        bases[skill] = tuple(p.strip() for p in base_text.split(",") if p.strip())
    for parents in (*kinds.values(), *bases.values()):
        for parent in parents:
            kinds.setdefault(parent, ())
            bases.setdefault(parent, ())
    return kinds, bases


KIND_PARENTS, BASE_PARENTS = _parse(_TABLE)
SKILLS: Final[frozenset[str]] = frozenset(KIND_PARENTS)


def _ancestors(skill: str, seen: tuple[str, ...] = ()) -> frozenset[str]:
    if skill in seen:
        raise ValueError(f"skill relation cycle: {' -> '.join((*seen, skill))}")
    found: set[str] = set()
    for parent in (*KIND_PARENTS.get(skill, ()), *BASE_PARENTS.get(skill, ())):
        found.add(parent)
        found |= _ancestors(parent, (*seen, skill))
    return frozenset(found)


# Everything a skill fits (its transitive parents of both sorts), itself excluded.
ANCESTORS: Final[dict[str, frozenset[str]]] = {s: _ancestors(s) for s in SKILLS}
# Direct parents of both sorts (parent credit).
PARENTS: Final[dict[str, frozenset[str]]] = {
    s: frozenset((*KIND_PARENTS[s], *BASE_PARENTS[s])) for s in SKILLS
}
_CHILDREN: dict[str, set[str]] = {}
for _skill, _kinds in KIND_PARENTS.items():
    for _parent in _kinds:
        _CHILDREN.setdefault(_parent, set()).add(_skill)
# Skills sharing a direct kind parent (sibling credit), itself excluded.
SIBLINGS: Final[dict[str, frozenset[str]]] = {
    s: frozenset().union(*(_CHILDREN[p] for p in KIND_PARENTS[s])) - {s} for s in SKILLS
}
_EMPTY: Final[frozenset[str]] = frozenset()

_EXPANDED: dict[frozenset[str], frozenset[str]] = {}
_EXPANDED_MAX: Final = 500_000


def skill_label(slug: str) -> str:
    """How a skill slug reads mid-sentence: 'pytorch' → 'PyTorch'."""
    label = _LABELS.get(slug)
    return label if label is not None else slug.replace("-", " ")


def fits(specific: str, broad: str) -> bool:
    """Whether having `specific` fully satisfies a `broad` requirement."""
    return specific == broad or broad in ANCESTORS.get(specific, _EMPTY)


def expand(skills: frozenset[str]) -> frozenset[str]:
    """The skills plus everything they fit; memoised per skill set."""
    hit = _EXPANDED.get(skills)
    if hit is not None:
        return hit
    extra = [ANCESTORS[s] for s in skills if s in ANCESTORS]
    result = skills.union(*extra) if extra else skills
    if len(_EXPANDED) >= _EXPANDED_MAX:
        _EXPANDED.clear()
    _EXPANDED[skills] = result
    return result


def related_skills(skill: str) -> tuple[frozenset[str], frozenset[str]]:
    """The (siblings, direct parents) of a skill: the sets that earn partial credit."""
    return SIBLINGS.get(skill, _EMPTY), PARENTS.get(skill, _EMPTY)


def _first(candidate_skills: Iterable[str], wanted: frozenset[str]) -> str:
    """The first candidate skill (alphabetically) that has or fits one of `wanted`."""
    for skill in sorted(candidate_skills):
        if skill in wanted or not wanted.isdisjoint(ANCESTORS.get(skill, _EMPTY)):
            return skill
    raise LookupError("no candidate skill reaches the wanted set")


def skill_credit(
    candidate_skills: frozenset[str],
    required: str,
    *,
    sibling_credit: float = 0.5,
    parent_credit: float = 0.25,
) -> tuple[float, str | None]:
    """Credit (0..1) for one required skill, with a reason unless it is exact or 0."""
    if required in candidate_skills:
        return 1.0, None
    expanded = expand(candidate_skills)
    label = skill_label(required)
    if required in expanded:
        via = _first(candidate_skills, frozenset({required}))
        return 1.0, f"{skill_label(via)} fits {label}"
    siblings, parents = related_skills(required)
    if sibling_credit > 0 and not siblings.isdisjoint(expanded):
        via = _first(candidate_skills, siblings)
        return sibling_credit, f"{skill_label(via)} is close to {label}"
    if parent_credit > 0 and not parents.isdisjoint(expanded):
        via = _first(candidate_skills, parents)
        if via in parents:
            return parent_credit, f"{skill_label(via)}, not {label} itself"
        parent = min(parents & expand(frozenset({via})))
        covers = f"{skill_label(via)} covers {skill_label(parent)}"
        return parent_credit, f"{covers}, not {label} itself"
    return 0.0, None


def satisfies(
    candidate_skills: frozenset[str], required: str
) -> tuple[bool, str | None]:
    """Whether the candidate fully has a skill: exactly, or via a more specific one."""
    credit, reason = skill_credit(candidate_skills, required)
    return credit >= 1.0, reason if credit >= 1.0 else None
