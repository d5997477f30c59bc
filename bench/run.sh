#!/usr/bin/env bash
# Benchmark for issue 6: the floor (calamine reading every sheet, nothing else) against
# `xxgk check`, `xxgk merge` (with Markdown and CSV) and `xxgk template`, at each N.
# Wall time from hyperfine (3 runs), peak memory from /usr/bin/time -v.
#
#   bash bench/run.sh            # N = 1000 and 10000
#   bash bench/run.sh 1000       # one N
#
# Workbooks are generated once per N into /tmp/xxgk-bench-N by examples/gen.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v hyperfine >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi
cargo build --release --quiet --bins --examples
bin=./target/release/xxgk
[ $# -gt 0 ] || set -- 1000 10000
for n in "$@"; do
  dir=/tmp/xxgk-bench-$n
  [ -f "$dir/名单.csv" ] || ./target/release/examples/gen "$n" "$dir"
  out=/tmp/xxgk-bench-$n-merge
  tpl=/tmp/xxgk-bench-$n-template
  floor="./target/release/examples/floor $dir"
  check="$bin check $dir"
  merge="rm -rf $out && $bin merge $dir --roster $dir/名单.csv --unit 测试区 --year 2025 --csv -o $out"
  template="rm -rf $tpl && $bin template --year 2025 --roster $dir/名单.csv -o $tpl"
  echo "## N = $n"
  hyperfine --ignore-failure --warmup 1 --runs 3 --style basic --export-markdown "bench/result-$n.md" \
    -n floor "$floor" -n check "$check" -n merge "$merge" -n template "$template" >/dev/null
  cat "bench/result-$n.md"
  for name in floor check merge template; do
    cmd="${!name}"
    /usr/bin/time -v -o /tmp/xxgk-bench-time.txt bash -c "$cmd" >/dev/null 2>&1 || true
    kb=$(awk -F': ' '/Maximum resident/ {print $2}' /tmp/xxgk-bench-time.txt)
    echo "peak memory $name: $((kb / 1024)) MB"
  done
done
