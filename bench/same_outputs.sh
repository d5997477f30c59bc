#!/usr/bin/env bash
# Show that two builds of xxgk give the same outputs on every sample:
#   bench/same_outputs.sh BEFORE_BIN AFTER_BIN
# Each binary writes template (one unit, and a roster), check --json (every sample folder),
# merge --csv (samples/报表 with the roster) and import (every report text and web page of
# samples/真实报告 and tests/fixtures/reports) into a folder of its own; the two folders are then
# compared with `diff -r`. Exit status 0: identical.
set -uo pipefail
cd "$(dirname "$0")/.."
before=$1 after=$2
out=${OUT:-$(mktemp -d)}

run() { # BIN DIR
  local bin=$1 dir=$2
  rm -rf "$dir" && mkdir -p "$dir/template" "$dir/roster" "$dir/check" "$dir/import"
  "$bin" template --year 2025 --unit 前进街道 -o "$dir/template/前进街道_2025.xlsx" >/dev/null 2>&1
  "$bin" template --year 2025 --roster samples/名单.csv -o "$dir/roster/" >/dev/null 2>&1
  for folder in samples/报表 samples/上年 samples/其他格式 samples/异常文件 samples/真实报告; do
    name=$(basename "$folder")
    "$bin" check --json "$folder" >"$dir/check/$name.json" 2>"$dir/check/$name.stderr"
    echo "exit $?" >>"$dir/check/$name.stderr"
  done
  "$bin" check --json samples >"$dir/check/all.json" 2>"$dir/check/all.stderr"
  echo "exit $?" >>"$dir/check/all.stderr"
  "$bin" merge samples/报表 --roster samples/名单.csv --unit 大东区 --year 2025 --csv \
    -o "$dir/merge" >"$dir/merge.stdout" 2>"$dir/merge.stderr"
  echo "exit $?" >>"$dir/merge.stderr"
  for f in samples/真实报告/*.txt samples/真实报告/*.html tests/fixtures/reports/*.txt tests/fixtures/reports/*.html; do
    [ -e "$f" ] || continue
    stem=$(basename "$f"); stem=${stem%.*}
    "$bin" import "$f" -o "$dir/import/$stem.xlsx" >"$dir/import/$stem.stdout" 2>"$dir/import/$stem.stderr"
    echo "exit $?" >>"$dir/import/$stem.stderr"
  done
  # The messages that name a flag: every limit, the roster, --prior, --strict, --keep-latest.
  mkdir -p "$dir/advice"
  local i=0
  while IFS= read -r line; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # each line is a command's arguments
    "$bin" $line >"$dir/advice/$i.stdout" 2>"$dir/advice/$i.stderr"
    echo "exit $? ($line)" >>"$dir/advice/$i.stderr"
    rm -rf "$dir/advice/out"
  done <<EOF2
check --json --max-cells 100 samples/报表
check --json --max-file-mb 1 samples/异常文件
check --json --max-text-chars 3 samples/报表/前进街道_2025.xlsx
check --json --max-unzipped-mb 1 samples/异常文件 samples/其他格式
check --json samples/名单.csv
check --prior samples/上年/前进街道_2024.xlsx samples/报表/万泉街道_2025.xlsx
check --prior samples/报表/前进街道_2025.xlsx samples/报表/万泉街道_2025.xlsx
merge samples/报表 --unit 大东区 --year 2025 --prior samples/上年/前进街道_2024.xlsx -o $dir/advice/out
merge samples/报表 --unit 大东区 --year 2024 -o $dir/advice/out
merge samples/报表 samples/上年 --unit 大东区 -o $dir/advice/out
merge samples/报表 samples/报表/前进街道_2025.xlsx samples/其他格式 --unit 大东区 --year 2025 --strict -o $dir/advice/out
merge samples/报表 samples/其他格式 --unit 大东区 --year 2025 --keep-latest -o $dir/advice/out
merge samples/异常文件 --unit 大东区 --year 2025 -o $dir/advice/out
EOF2
  # The reports those merges wrote are compared too.
  "$bin" merge samples/报表 samples/其他格式 --unit 大东区 --year 2025 -o "$dir/advice/merged" >/dev/null 2>&1
  "$bin" merge samples/报表 samples/其他格式 --unit 大东区 --year 2025 --keep-latest -o "$dir/advice/latest" >/dev/null 2>&1
  true
}

# Both write into the same folder, so the paths that the messages name are the same too.
run "$before" "$out/run" && rm -rf "$out/before" && mv "$out/run" "$out/before"
run "$after" "$out/run" && rm -rf "$out/after" && mv "$out/run" "$out/after"
if diff -r "$out/before" "$out/after"; then
  echo "same outputs: $(find "$out/before" -type f | wc -l) files in $out/before and $out/after"
else
  echo "outputs differ" >&2
  exit 1
fi
