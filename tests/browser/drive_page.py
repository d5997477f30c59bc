"""Drives dist/xxgk.html in Debian's Chromium, as a user would, for tests/browser.rs.

    python3 drive_page.py PAGE WORK OUT

PAGE is the built page, WORK a folder holding the inputs (报表/, 异常文件/, 名单.csv,
名单_GBK.csv, 上年汇总.xlsx, the report texts), OUT an empty folder. The page is opened from
file://, each task is run through its inputs and buttons (the ids of web/README.md), and every
download is saved by the browser into OUT/<case>/ under the name the page gives it. Then it
asserts that no network request was made and that the console has no error, and takes
screenshots (OUT/*.png). tests/browser.rs compares the downloads with the CLI's outputs.
"""
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

PAGE, WORK, OUT = (os.path.abspath(p) for p in sys.argv[1:4])
WAIT = 120  # seconds for any one task; a task of the samples takes a second or two


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,768",
        "--lang=zh-CN",
    ]:
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": downloads,
            "download.prompt_for_download": False,
            "profile.default_content_setting_values.automatic_downloads": 1,
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def wait(what, predicate):
    start = time.time()
    while not predicate():
        if time.time() - start > WAIT:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


class Page:
    def __init__(self):
        self.downloads = os.path.join(OUT, ".downloads")
        os.makedirs(self.downloads, exist_ok=True)
        self.d = browser(self.downloads)
        self.d.get("file://" + PAGE)
        wait("the engine", lambda: self.d.execute_script("return document.body.dataset.ready") == "true")

    def id(self, name):
        return self.d.find_element(By.ID, name)

    def tab(self, name):
        self.id("tab-" + name).click()

    def fill(self, name, text):
        box = self.id(name)
        box.clear()
        box.send_keys(text)

    def upload(self, name, *paths):
        self.id(name).send_keys("\n".join(os.path.join(WORK, p) for p in paths))

    def reload(self):
        self.d.get("file://" + PAGE)
        wait("the engine", lambda: self.d.execute_script("return document.body.dataset.ready") == "true")

    def save_downloads(self, box, case, expected):
        """Clicks every download link in `box` and moves the files into OUT/case/."""
        links = self.id(box).find_elements(By.CSS_SELECTOR, "a[download]")
        names = [a.get_attribute("download") for a in links]
        assert sorted(names) == sorted(expected), f"{case}: downloads {names}, expected {expected}"
        target = os.path.join(OUT, case)
        os.makedirs(target, exist_ok=True)
        for a, name in zip(links, names):
            a.click()
            path = os.path.join(self.downloads, name)
            wait(f"download {name}", lambda: os.path.exists(path) and not os.path.exists(path + ".crdownload"))
            time.sleep(0.2)
            os.replace(path, os.path.join(target, name))

    def screenshot(self, name):
        self.d.save_screenshot(os.path.join(OUT, name + ".png"))

    def text(self, name):
        return self.id(name).text

    def result(self, box, needle):
        """Waits until `box` shows `needle`; an error shown instead fails at once, with it."""

        def shown():
            text = self.text(box)
            if self.id(box).find_elements(By.CSS_SELECTOR, "p.error"):
                raise AssertionError(f"{box} shows an error: {text}")
            return needle in text

        wait(f"{needle} in {box}", shown)


def template(p):
    p.tab("template")
    p.fill("template-year", "2025")
    p.fill("template-unit", "前进街道")
    p.id("template-run").click()
    p.result("template-result", "已生成")
    p.save_downloads("template-result", "template_unit", ["前进街道_2025.xlsx"])
    p.screenshot("template")
    for case, roster in [("template_roster", "名单.csv"), ("template_roster_gbk", "名单_GBK.csv")]:
        p.reload()
        p.tab("template")
        p.fill("template-year", "2025")
        p.upload("template-roster", roster)
        p.id("template-run").click()
        p.result("template-result", "共生成")
        p.save_downloads("template-result", case, ["模板_2025.zip"])


def check(p):
    for case, folder in [("check_reports", "报表"), ("check_hostile", "异常文件")]:
        p.reload()
        p.tab("check")
        p.upload("check-folder", folder)
        p.id("check-run").click()
        p.result("check-results", "个文件：")
        p.save_downloads("check-results", case, ["审核结果.json", "审核结果.txt"])
        p.screenshot(case)
    # The filter hides files without errors; the results stay.
    sel = p.id("check-filter")
    sel.find_element(By.CSS_SELECTOR, "option[value=errors]").click()
    shown = p.d.execute_script(
        "return [...document.querySelectorAll('#check-results .file')].filter(f => !f.hidden).length"
    )
    assert shown >= 1, "the filter hid every file"


def merge(p):
    outputs = ["汇总.xlsx", "汇总报告.md", "汇总报告.docx", "汇总报告.html", "汇总明细.csv"]
    for case, prior, notices in [
        ("merge", None, False),
        ("merge_prior", "上年汇总.xlsx", False),
        ("merge_notices", None, True),
    ]:
        p.reload()
        p.tab("merge")
        p.upload("merge-folder", "报表")
        p.upload("merge-roster", "名单.csv")
        if prior:
            p.upload("merge-prior", prior)
        p.fill("merge-unit", "大东区")
        p.fill("merge-year", "2025")
        p.id("merge-csv").click()
        if notices:
            p.id("merge-notices").click()
            p.fill("merge-deadline", "2026-01-31")
        p.id("merge-run").click()
        p.result("merge-status", "汇总完成")
        status = p.text("merge-status")
        assert "未报" in status and "区卫生健康局" in status, status[:500]
        p.save_downloads("merge-status", case, outputs + (["退回.zip"] if notices else []))
        p.screenshot(case)


def import_(p):
    for case, report in [
        ("import_txt", "前进街道_2020年度报告.txt"),
        ("import_html", "平潭综合实验区_2021年度报告.html"),
    ]:
        p.reload()
        p.tab("import")
        p.upload("import-file", report)
        p.id("import-run").click()
        p.result("import-result", "已导入")
        p.save_downloads("import-result", case, [os.path.splitext(report)[0] + ".xlsx"])
    # Pasted text: the seed, as copied from a web page.
    p.reload()
    p.tab("import")
    with open(os.path.join(WORK, "年度报告.txt"), encoding="utf-8") as f:
        text = f.read()
    p.d.execute_script("document.getElementById('import-text').value = arguments[0]", text)
    p.id("import-run").click()
    p.result("import-result", "已导入")
    p.save_downloads("import-result", "import_pasted", ["年度报告.xlsx"])
    p.screenshot("import")


def engine_api(p):
    """The engine called from another page's script: the documented window.xxgk."""
    p.reload()
    result = p.d.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        xxgk.ready
          .then(() => xxgk.template('前进街道', 2025))
          .then((t) => done({name: t.name, size: t.bytes.length}))
          .catch((e) => done({error: String(e.message || e)}));
        """
    )
    assert result == {"name": "前进街道_2025.xlsx", "size": result.get("size")} and result["size"] > 1000, result


def trap(p):
    """A file on which the engine stops (a panic traps on wasm32) is reported unreadable, and
    the files after it are still checked, by a fresh engine."""
    p.reload()
    p.tab("check")
    p.d.execute_script("window.xxgkTrapOn = '报表/前进街道_2025.xlsx'")
    p.upload("check-folder", "报表")
    p.id("check-run").click()
    p.result("check-results", "个文件：")
    text = p.text("check-results")
    assert "程序内部出错" in text, text[:800]
    assert "共 7 个文件：通过 2，有警告 1，有错误 3，无法读取 1" in text, text[:800]


def from_a_web_server(p):
    """The same file served by a static web server (an office intranet) works as well."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=os.path.dirname(PAGE))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{os.path.basename(PAGE)}"
        p.d.get(url)
        wait("the engine over http", lambda: p.d.execute_script("return document.body.dataset.ready") == "true")
        p.tab("template")
        p.fill("template-year", "2025")
        p.fill("template-unit", "前进街道")
        p.id("template-run").click()
        p.result("template-result", "已生成")
        requests = [
            json.loads(e["message"])["message"]["params"]["request"]["url"]
            for e in p.d.get_log("performance")
            if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"
        ]
        # One request: the page itself; the engine and the worker come inside it.
        assert [u for u in requests if u.startswith("http")] == [url], requests
    finally:
        server.shutdown()


def no_network_no_errors(p):
    for entry in p.d.get_log("performance"):
        m = json.loads(entry["message"])["message"]
        if m["method"] == "Network.requestWillBeSent":
            url = m["params"]["request"]["url"]
            assert url.split(":")[0] in ("file", "blob", "data"), f"network request: {url}"
    errors = [l for l in p.d.get_log("browser") if l["level"] == "SEVERE"]
    assert not errors, f"console errors: {errors}"


def main():
    p = Page()
    try:
        p.screenshot("start")
        template(p)
        no_network_no_errors(p)
        check(p)
        no_network_no_errors(p)
        merge(p)
        no_network_no_errors(p)
        import_(p)
        engine_api(p)
        no_network_no_errors(p)
        from_a_web_server(p)
        trap(p)
    finally:
        p.d.quit()
    print("page: all tasks done")


main()
