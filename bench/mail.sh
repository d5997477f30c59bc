#!/usr/bin/env bash
# Benchmark for issue 17: `xxgk mail` writing one .eml per unit, and `xxgk collect` reading N
# returned messages (.eml, one workbook each, GB2312-encoded names) into a folder, then the
# rerun that finds everything in the ledger. Wall time and peak memory from /usr/bin/time -v.
#
#   bash bench/mail.sh          # N = 1000
#   bash bench/mail.sh 300      # another N
#
# Workbooks come from examples/gen.rs (as bench/run.sh); the messages are built by Python's
# email package into /tmp/xxgk-mail-bench-N.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet --bins --examples
bin=$PWD/target/release/xxgk
dir=/tmp/xxgk-bench-$n
[ -f "$dir/名单.csv" ] || ./target/release/examples/gen "$n" "$dir"
work=/tmp/xxgk-mail-bench-$n
rm -rf "$work" && mkdir -p "$work/eml"
python3 - "$dir" "$work" <<'PY'
import csv, email.message, email.policy, email.utils, pathlib, sys
src, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
rows = list(csv.reader(open(src / "名单.csv", encoding="utf-8-sig")))
with open(work / "名单.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(rows[0] + ["邮箱"])
    for i, r in enumerate(rows[1:]):
        w.writerow(r + [f"u{i}@example.gov.cn"])
for i, path in enumerate(sorted(p for p in src.iterdir() if p.suffix == ".xlsx")):
    m = email.message.EmailMessage(policy=email.policy.SMTP)
    m["From"] = f"u{i}@example.gov.cn"
    m["To"] = "gk@example.gov.cn"
    m["Subject"] = "回复：年报统计表"
    m["Date"] = email.utils.formatdate(1768000000 + i * 60)
    m["Message-ID"] = f"<bench-{i}@example.gov.cn>"
    m.set_content("请查收。")
    m.add_attachment(path.read_bytes(), maintype="application", subtype="octet-stream",
                     filename=("gb2312", "", path.name))
    (work / "eml" / f"{i:05d}.eml").write_bytes(m.as_bytes())
PY
measure() {
  /usr/bin/time -v -o "$work/time.txt" bash -c "$1" >/dev/null 2>&1 || true
  secs=$(awk -F': ' '/Elapsed/ {print $2}' "$work/time.txt")
  kb=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time.txt")
  echo "| $2 | $secs | $((kb / 1024)) MB |"
}
echo "## N = $n"
echo "| 命令 | 耗时 (m:ss) | 峰值内存 |"
echo "|---|---:|---:|"
measure "$bin mail --roster $work/名单.csv --year 2025 --deadline 2026-01-15 --from gk@example.gov.cn --date 2026-01-05 -o $work/邮件" "mail（写 $n 封 .eml）"
measure "$bin collect $work/eml -o $work/收回" "collect（$n 封邮件，首次）"
measure "$bin collect $work/eml -o $work/收回" "collect（重新运行，全部已收取）"
echo "saved: $(find "$work/收回" -name '*.xlsx' | wc -l) files"
