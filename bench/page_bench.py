"""The page against the CLI on one merge of N generated workbooks, side by side in one run
(issue 14: the page within 3× the CLI's single-thread time, with the tab's memory bounded).

    python3 bench/page_bench.py N      # after: cargo build --release --examples; bash web/build.sh

Times the CLI (`RAYON_NUM_THREADS=1`, peak memory from /usr/bin/time -v) and the page in
headless Chromium (from the click on 开始汇总 to the summary; the peak is the largest sum of
the resident memory of Chromium's renderer processes, sampled every 50 ms, which hold the page,
its worker and the WebAssembly engine).
"""
import os
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "browser"))

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
data = f"/tmp/xxgk-bench-{n}"
if not os.path.exists(os.path.join(data, "名单.csv")):
    subprocess.run([f"{repo}/target/release/examples/gen", str(n), data], check=True)

out = f"/tmp/xxgk-bench-{n}-merge"
shutil.rmtree(out, ignore_errors=True)
start = time.time()
subprocess.run(
    ["/usr/bin/time", "-v", "-o", "/tmp/xxgk-page-bench-time.txt", f"{repo}/target/release/xxgk",
     "merge", data, "--roster", f"{data}/名单.csv", "--unit", "测试区", "--year", "2025", "--csv", "-o", out],
    env=dict(os.environ, RAYON_NUM_THREADS="1"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
cli_s = time.time() - start
cli_mb = next(int(l.split(": ")[1]) for l in open("/tmp/xxgk-page-bench-time.txt") if "Maximum resident" in l) // 1024

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1366,768"]:
    options.add_argument(arg)
d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
d.get("file://" + os.path.join(repo, "dist", "xxgk.html"))
while d.execute_script("return document.body.dataset.ready") != "true":
    time.sleep(0.1)


def parent(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def ours(pid):
    """Whether a process descends from this run's chromedriver (not another browser's)."""
    root = d.service.process.pid
    while pid > 1:
        if pid == root:
            return True
        pid = parent(pid)
    return False


def renderer_rss_mb():
    total = 0
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
            if b"--type=renderer" in cmd and ours(int(pid)):
                with open(f"/proc/{pid}/status") as f:
                    total += next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
        except (OSError, StopIteration, ValueError, IndexError):
            pass
    return total // 1024


peak = [0]
running = [True]


def sample():
    while running[0]:
        peak[0] = max(peak[0], renderer_rss_mb())
        time.sleep(0.05)


d.find_element(By.ID, "tab-merge").click()
d.find_element(By.ID, "merge-folder").send_keys(data)
d.find_element(By.ID, "merge-roster").send_keys(f"{data}/名单.csv")
d.find_element(By.ID, "merge-unit").send_keys("测试区")
d.find_element(By.ID, "merge-year").send_keys("2025")
d.find_element(By.ID, "merge-csv").click()
idle_mb = renderer_rss_mb()
threading.Thread(target=sample, daemon=True).start()
start = time.time()
d.find_element(By.ID, "merge-run").click()
while not d.execute_script("return window.xxgkTimes && window.xxgkTimes.total"):
    time.sleep(0.05)
times = d.execute_script("return window.xxgkTimes")
page_s = times["total"] / 1000
running[0] = False
summary = d.find_element(By.ID, "merge-status").text.split("\n")
times = d.execute_script("return window.xxgkTimes")
d.quit()
print(f"N = {n}")
print(f"| CLI merge --csv, one thread | {cli_s:.1f} s | {cli_mb} MB peak |")
print(f"| page merge (csv), Chromium {'' } | {page_s:.1f} s ({page_s / cli_s:.2f}× CLI) | {peak[0]} MB peak renderer memory ({idle_mb} MB before) |")
print(f"page phases: files {times['files'] / 1000:.1f} s, outputs {times['outputs'] / 1000:.1f} s")
print(next(l for l in summary if l.startswith("汇总完成")))
