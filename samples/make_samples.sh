#!/usr/bin/env bash
# Regenerates samples/ (needs cargo, python3 with openpyxl and msoffcrypto-tool, LibreOffice).
#   bash samples/make_samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf samples/报表 samples/上年 samples/真实报告 samples/异常文件 samples/其他格式
cargo run -q --example make_samples -- samples/
python3 samples/make_samples.py samples/
mkdir -p samples/其他格式
profile=$(mktemp -d)
soffice -env:UserInstallation=file://$profile --headless --convert-to ods --outdir samples/其他格式 samples/报表/前进街道_2025.xlsx >/dev/null
soffice -env:UserInstallation=file://$profile --headless --convert-to xls --outdir samples/其他格式 samples/报表/津桥街道_2025.xlsx >/dev/null
rm -rf "$profile"
ls -R samples
