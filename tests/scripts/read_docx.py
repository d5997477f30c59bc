"""Reads a .docx back with python-docx for tests/documents.rs: every paragraph's text, and
every table as a grid of (cell id, text) where merged cells share one id.

Usage: python3 read_docx.py FILE.docx  → JSON on stdout.
"""
import json
import sys

import docx


def grid(table):
    ids = {}
    keep = []  # holds the elements, so that no id is reused while the table is read
    rows = []
    for row in table.rows:
        out = []
        for cell in row.cells:
            keep.append(cell._tc)
            key = id(cell._tc)
            if key not in ids:
                ids[key] = len(ids)
            out.append([ids[key], cell.text])
        rows.append(out)
    return rows


def main():
    d = docx.Document(sys.argv[1])
    section = d.sections[0]
    print(json.dumps({
        "paragraphs": [p.text for p in d.paragraphs],
        "tables": [grid(t) for t in d.tables],
        "page": [section.page_width, section.page_height],
        "fonts": sorted({r.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
            for p in d.paragraphs for r in p.runs
            if r.element.rPr is not None and r.element.rPr.rFonts is not None} - {None}),
    }, ensure_ascii=False))


main()
