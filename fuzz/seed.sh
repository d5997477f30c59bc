#!/bin/sh
# Seeds the fuzz corpora from the repository's own samples (nothing is copied into git).
# Run from the repository root: sh fuzz/seed.sh
set -e
cd "$(dirname "$0")/.."
r=fuzz/corpus/read_workbook
t=fuzz/corpus/import_text
mkdir -p "$r" "$t"
i=0
for f in samples/报表/万泉街道_2025.xlsx samples/报表/前进街道_2025.xlsx \
         samples/其他格式/前进街道_2025.ods samples/其他格式/津桥街道_2025.xls \
         samples/真实报告/淮安市_2024.xlsx templates_xlsx/空白模板_2019版.xlsx \
         samples/异常文件/*; do
    i=$((i + 1))
    [ -s "$f" ] && cp "$f" "$r/seed-$i"
done
i=0
for f in tests/fixtures/reports/*.txt samples/真实报告/*.txt samples/真实报告/*.html; do
    i=$((i + 1))
    cp "$f" "$t/seed-$i"
done
# read_sheet_xml: the 表三 sheet XML of two filled workbooks and the blank template.
x=fuzz/corpus/read_sheet_xml
mkdir -p "$x"
for f in samples/报表/前进街道_2025.xlsx samples/报表/小北街道_2025.xlsx templates_xlsx/空白模板_2021版.xlsx; do
    unzip -p "$f" xl/worksheets/sheet3.xml > "$x/$(basename "$f" .xlsx).xml"
done
ls "$r" "$t" "$x"
