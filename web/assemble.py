"""Assembles dist/xxgk.html from web/page/ and the engine: one file, nothing to fetch.

    python3 assemble.py GLUE.js ENGINE.wasm OUT.html

The WebAssembly engine is embedded as base64 (gzip-compressed when the browser can
decompress it: see app.js), the worker's script as text. The page's bytes depend only on its
inputs: gzip is written without a time or a file name.
"""
import base64
import gzip
import os
import sys

glue, wasm, out = sys.argv[1:4]
page = os.path.join(os.path.dirname(os.path.abspath(__file__)), "page")


def read(name):
    with open(os.path.join(page, name), encoding="utf-8") as f:
        return f.read()


with open(glue, encoding="utf-8") as f:
    worker = f.read() + "\n" + read("worker.js")
with open(wasm, "rb") as f:
    engine = f.read()
packed = gzip.compress(engine, compresslevel=9, mtime=0)
html = read("index.html")
for mark, text in [
    ("/*STYLE*/", read("style.css")),
    ("/*WORKER*/", worker.replace("</script", "<\\/script")),
    ("/*ENCODING*/", "gzip"),
    ("/*WASM*/", base64.b64encode(packed).decode("ascii")),
    ("/*APP*/", read("app.js").replace("</script", "<\\/script")),
]:
    assert html.count(mark) == 1, mark
    html = html.replace(mark, text)
tmp = out + ".tmp"
with open(tmp, "w", encoding="utf-8", newline="\n") as f:
    f.write(html)
os.replace(tmp, out)
print(f"已写出 {out}（{len(html.encode('utf-8')) / 1e6:.1f} MB；引擎 {len(engine) / 1e6:.1f} MB，压缩后 {len(packed) / 1e6:.1f} MB）")
