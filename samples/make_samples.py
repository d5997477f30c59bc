"""Derives the realistic and broken samples from the clean workbooks that
`cargo run --example make_samples -- samples/` writes. Run through make_samples.sh.

Each mutation is what units really do: type over a total, write "21件", leave blanks,
paste the tables into a sheet of their own with other spellings, send a web page
renamed to .xls, and so on. Cell addresses refer to the xxgk template layout.
"""
import io
import os
import re
import sys
import zipfile

import msoffcrypto
import openpyxl
from openpyxl.styles import Alignment

S = sys.argv[1] if len(sys.argv) > 1 else "samples"
R = os.path.join(S, "报表")
BAD = os.path.join(S, "异常文件")
os.makedirs(BAD, exist_ok=True)


def fixed_save(wb, path):
    """Saves with a fixed timestamp so reruns give the same bytes."""
    import datetime
    wb.properties.created = datetime.datetime(2026, 1, 15, 9, 0, 0)
    wb.properties.modified = datetime.datetime(2026, 1, 15, 9, 0, 0)
    buf = io.BytesIO()
    wb.save(buf)
    # Re-pack with fixed zip entry times.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the time of saving over properties.modified.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-15T09:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 15, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    with open(path, "wb") as f:
        f.write(out.getvalue())


# 大东街道: "无" for a 0, a blank fee cell; both warnings, both explained in 情况说明.
wb = openpyxl.load_workbook(os.path.join(R, "大东街道_2025.xlsx"))
wb["表四"]["A7"] = "无"           # 行政复议 结果维持
wb["表二"]["B17"] = None
ex = wb["情况说明"]
ex["B4"], ex["C4"], ex["D4"] = "V3", "T4.A1", "本年度没有行政复议结果维持的案件。"
ex["B5"], ex["C5"], ex["D5"] = "V1", "表二!B17", "本街道无行政事业性收费项目。"
fixed_save(wb, os.path.join(R, "大东街道_2025.xlsx"))

# 小北街道: a number typed over the row total formula of 一、本年新收.
wb = openpyxl.load_workbook(os.path.join(R, "小北街道_2025.xlsx"))
wb["表三"]["J7"] = 9
fixed_save(wb, os.path.join(R, "小北街道_2025.xlsx"))

# 区教育局: a blank, 无, full-width digits, a fraction, text, an error value, and "21件"
# under the sheet's own SUM (which skips it: an error, V6).
wb = openpyxl.load_workbook(os.path.join(R, "区教育局_2025.xlsx"))
wb["表三"]["D7"] = "21件"         # 一、本年新收 × 自然人
wb["表二"]["B10"] = None          # 行政许可 本年处理决定数量
wb["表二"]["B14"] = "０"          # 行政强制, full-width zero
wb["表四"]["B7"] = "无"           # 行政复议 结果纠正
wb["表三"]["D11"] = "见附件"      # （三）1.属于国家秘密 × 自然人
wb["表三"]["E9"] = 0.5            # （一）予以公开 × 商业企业
wb["表三"]["H19"] = "#REF!"       # （四）1 × 法律服务机构
fixed_save(wb, os.path.join(R, "区教育局_2025.xlsx"))

# 万泉街道: the tables pasted into one sheet of the unit's own workbook, moved down and
# right, with half-width brackets, 办结, “1、”, “总 计” and one typo. Totals are plain numbers.
src = openpyxl.load_workbook(os.path.join(R, "万泉街道_2025.xlsx"), data_only=True)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet1"
ws["A1"] = "万泉街道2025年度政府信息公开工作年度报告统计表"
ws["A2"], ws["B2"] = "填报单位：", "万泉街道"
ws["A3"], ws["B3"] = "报告年度：", "2025年"
variants = {
    "三、本年度办理结果": "三、本年度办结结果",
    "（一）予以公开": "(一)予以公开",
    "2.其他法律行政法规禁止公开": "2.其他法律行政止公开",
    "1.信访举报投诉类申请": "1、信访举报投诉类申请",
    "总计": "总 计",
}
row = 5
for name in ["表二", "表三", "表四"]:
    sheet = src[name]
    end = 4
    for r in range(4, sheet.max_row + 1):
        if str(sheet.cell(r, 1).value or "").startswith("自动校验"):
            break
        end = r
    for r in range(1, end + 1):
        if r in (2, 3):
            continue
        for c in range(1, sheet.max_column + 1):
            v = sheet.cell(r, c).value
            if isinstance(v, str) and v.startswith("自动校验"):
                v = None
            if isinstance(v, str):
                v = variants.get(v, v)
            if v is not None:
                ws.cell(row, c + 1, v).alignment = Alignment(wrap_text=True)
        row += 1
    row += 2
fixed_save(wb, os.path.join(R, "万泉街道_2025.xlsx"))

# An Office lock file next to the real one.
with open(os.path.join(R, "~$前进街道_2025.xlsx"), "wb") as f:
    f.write(b"\x08zhangsan" + b"\x00" * 150)

# ---- broken files
clean = open(os.path.join(R, "前进街道_2025.xlsx"), "rb").read()
with open(os.path.join(BAD, "空文件.xlsx"), "wb") as f:
    pass
with open(os.path.join(BAD, "截断的下载.xlsx"), "wb") as f:
    f.write(clean[: len(clean) // 2])
with open(os.path.join(BAD, "不是表格.xlsx"), "wb") as f:
    f.write(bytes((i * 7 + 3) % 256 for i in range(2048)))
with open(os.path.join(BAD, "网页另存为.xls"), "w", encoding="utf-8") as f:
    f.write("<html><head><meta charset='utf-8'></head><body><table>"
            "<tr><td>一、本年新收政府信息公开申请数量</td><td>12</td></tr></table></body></html>")
with open(os.path.join(BAD, "系统导出.xls"), "wb") as f:
    f.write("单位名称,新收申请\r\n前进街道,12\r\n".encode("gbk"))
enc = io.BytesIO()
office = msoffcrypto.OfficeFile(io.BytesIO(clean)) if False else None
from msoffcrypto.format.ooxml import OOXMLFile
OOXMLFile(io.BytesIO(clean)).encrypt("123456", enc)
with open(os.path.join(BAD, "设了密码.xlsx"), "wb") as f:
    f.write(enc.getvalue())
with zipfile.ZipFile(os.path.join(BAD, "压缩炸弹.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2026, 1, 15, 9, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, b"<" + b"0" * (64 * 1024 * 1024))
    info = zipfile.ZipInfo("xl/workbook.xml", date_time=(2026, 1, 15, 9, 0, 0))
    z.writestr(info, b"<workbook/>")
with zipfile.ZipFile(os.path.join(BAD, "其实是Word文档.xlsx"), "w") as z:
    z.writestr(zipfile.ZipInfo("word/document.xml", date_time=(2026, 1, 15, 9, 0, 0)), "<w:document/>")
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "收支总表"
ws.append(["2025年部门预算收支总表"])
ws.append(["项目", "预算数", "决算数"])
ws.append(["一般公共预算拨款", 1520.3, 1498.7])
ws.append(["政府性基金", 0, 0])
fixed_save(wb, os.path.join(BAD, "别的报表.xlsx"))
