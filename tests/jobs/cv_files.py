"""Test CVs built in code: PDFs with fpdf2 (one and two columns, a scan without
text), DOCX with python-docx (Chinese, a two-column layout table)."""

import io
from pathlib import Path

import docx
from fpdf import FPDF

EN_LEFT = [
    "Ada Lovelace",
    "ada@example.com",
    "",
    "EDUCATION",
    "Tsinghua University, Beijing",
    "M.Sc. in Computer Science     Sep 2019 - Jun 2021",
    "ETH Zurich",
    "BSc Physics     2015.09-2019.06",
]
EN_RIGHT = [
    "Work Experience",
    "Research Assistant, Max Planck Institute for Informatics   2021/09 - present",
    "- Built a graph neural network library used by forty researchers in three groups.",
    "Software Engineer | Huawei Technologies | Jul 2018 - Aug 2019",
    "",
    "Skills",
    "Programming: Python, C++, PyTorch",
    "",
    "Languages",
    "English (native), German - fluent",
]
ZH = [
    "张伟",
    "教育背景",
    "2019年9月 - 2022年6月  清华大学  计算机科学与技术  硕士",
    "2015.09-2019.06  北京大学  物理学  本科",
    "工作经历",
    "2022年7月 - 至今  中国科学院物理研究所  助理研究员",
    "专业技能",
    "Python、机器学习、深度学习",
    "语言能力",
    "英语（流利）、中文（母语）",
]


def pdf_one_column() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in [*EN_LEFT, "", *EN_RIGHT]:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def pdf_two_columns() -> bytes:
    """Education in the left column, experience and skills in the right one,
    written row by row (so the text layer interleaves the columns)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=7)
    rows = max(len(EN_LEFT), len(EN_RIGHT))
    for i in range(rows):
        left = EN_LEFT[i] if i < len(EN_LEFT) else ""
        right = EN_RIGHT[i] if i < len(EN_RIGHT) else ""
        pdf.set_x(10)
        pdf.cell(80, 5, left)
        pdf.set_x(100)
        pdf.cell(100, 5, right, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def pdf_scan() -> bytes:
    """A page with only shapes: what a scanned CV looks like to a text extractor."""
    pdf = FPDF()
    pdf.add_page()
    for i in range(30):
        pdf.rect(10, 10 + i * 8, 150, 4, style="F")
    return bytes(pdf.output())


def docx_bytes(lines: list[str], *, right: list[str] | None = None) -> bytes:
    """A DOCX of `lines`; with `right`, a two-column layout table (left, right)."""
    document = docx.Document()
    if right is None:
        for line in lines:
            document.add_paragraph(line)
    else:
        table = document.add_table(rows=1, cols=2)
        left_cell, right_cell = table.rows[0].cells
        left_cell.text = "\n".join(lines)
        right_cell.text = "\n".join(right)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_chinese() -> bytes:
    return docx_bytes(ZH)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
