"""CV text → profile proposals (degrees, posts, skills, languages): pure, no Django.

`extract.py` turns PDF or DOCX bytes into text with pypdf / python-docx;
`parser.py` reads that text (English or Chinese, one or two columns) into
proposals in the file interface's shape (SCREENING.md), which the import page
shows for review and `parse_cv` prints. The words it reads are in `data/`.
"""
