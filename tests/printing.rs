//! On paper: the consolidated workbook and the blank templates print legibly on few pages.
//!
//! Each workbook is written by the binary, printed to PDF by LibreOffice and its pages
//! counted (`pdfinfo`) and read (`pdftotext`). Legibility is checked twice: in the file, every
//! printed sheet has a fixed scale at which its smallest font is at least 9 pt; in
//! LibreOffice's PDF, every word is at least 9 pt tall. Skipped when LibreOffice or poppler
//! is missing, unless `CI` is set.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The smallest font size a printed sheet may have after its print scale.
const MIN_PT: f64 = 9.0;

/// A poppler tool's output, or `None` when poppler is not installed and this is not CI.
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(out) => {
            assert!(out.status.success(), "{tool} failed: {out:?}");
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must install poppler-utils"
            );
            eprintln!("{tool} not installed: skipping");
            None
        }
    }
}

/// A workbook printed by LibreOffice: its page count and the text of each page.
struct Printed {
    pages: usize,
    texts: Vec<String>,
    /// Height in points of the smallest word, and the word.
    smallest: (f64, String),
}

fn print(workbook: &Path) -> Option<Printed> {
    let out = workbook.parent().unwrap().join("pdf");
    std::fs::create_dir_all(&out).unwrap();
    let pdf = soffice_convert(workbook, "pdf", &out)?;
    let info = poppler("pdfinfo", &[pdf.as_os_str()])?;
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    let text = poppler(
        "pdftotext",
        &["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()],
    )?;
    let mut texts: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    texts.truncate(pages);
    let boxes = poppler(
        "pdftotext",
        &["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()],
    )?;
    Some(Printed {
        pages,
        texts,
        smallest: smallest_word(&boxes),
    })
}

/// The lowest word box in `pdftotext -bbox` output: a glyph box is at least as tall as the
/// font size, so this bounds the smallest printed font from above.
fn smallest_word(bbox: &str) -> (f64, String) {
    let mut smallest = (f64::MAX, String::new());
    for word in bbox.split("<word ").skip(1) {
        let num = |key: &str| -> f64 {
            let start = word.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
            let len = word[start..].find('"').unwrap();
            word[start..start + len].parse().unwrap()
        };
        let height = num("yMax") - num("yMin");
        let text = word[word.find('>').unwrap() + 1..word.find("</word>").unwrap()].to_string();
        if height < smallest.0 {
            smallest = (height, text);
        }
    }
    smallest
}

/// The value of attribute `key` in the start tag that begins `tag`.
fn attr<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let start = tag.find(&format!(" {key}=\""))? + key.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// How one sheet of an .xlsx prints, read from its XML.
#[derive(Debug)]
struct SheetPrint {
    name: String,
    hidden: bool,
    landscape: bool,
    a4: bool,
    fit_to_page: bool,
    scale: f64,
    /// Smallest font size of the styles its cells use.
    min_font: f64,
    /// Row heights set in the sheet, by 0-based row.
    heights: HashMap<u32, f64>,
}

fn sheets_as_printed(xlsx: &Path) -> Vec<SheetPrint> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let workbook = part("xl/workbook.xml");
    let rels = part("xl/_rels/workbook.xml.rels");
    let styles = part("xl/styles.xml");
    let fonts: Vec<f64> = section(&styles, "fonts")
        .split("<font>")
        .skip(1)
        .map(|f| {
            attr(&f[f.find("<sz ").unwrap()..], "val")
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    let xf_font: Vec<f64> = section(&styles, "cellXfs")
        .split("<xf ")
        .skip(1)
        .map(|xf| {
            fonts[attr(&format!(" {xf}"), "fontId")
                .unwrap()
                .parse::<usize>()
                .unwrap()]
        })
        .collect();
    let target = |id: &str| {
        let rel = rels
            .split("<Relationship ")
            .find(|r| attr(&format!(" {r}"), "Id") == Some(id))
            .unwrap();
        format!("xl/{}", attr(&format!(" {rel}"), "Target").unwrap())
    };
    let mut out = Vec::new();
    for sheet in workbook.split("<sheet ").skip(1) {
        let sheet = format!(" {sheet}");
        let xml = part(&target(attr(&sheet, "r:id").unwrap()));
        let setup = xml.split("<pageSetup").nth(1).unwrap_or("");
        let min_font = xml
            .split("<c ")
            .skip(1)
            .map(|c| attr(&format!(" {c}"), "s").map_or(0, |s| s.parse().unwrap()))
            .map(|s: usize| xf_font[s])
            .fold(f64::MAX, f64::min);
        let heights = xml
            .split("<row ")
            .skip(1)
            .filter_map(|r| {
                let r = format!(" {r}");
                let row: u32 = attr(&r, "r")?.parse().ok()?;
                Some((row - 1, attr(&r, "ht")?.parse().ok()?))
            })
            .collect();
        out.push(SheetPrint {
            name: attr(&sheet, "name").unwrap().to_string(),
            hidden: attr(&sheet, "state") == Some("hidden"),
            landscape: attr(setup, "orientation") == Some("landscape"),
            a4: attr(setup, "paperSize") == Some("9"),
            fit_to_page: xml.contains("fitToPage=\"1\""),
            scale: attr(setup, "scale").map_or(100.0, |s| s.parse().unwrap()),
            min_font,
            heights,
        });
    }
    out
}

/// The inside of `<name …>…</name>` in `xml`.
fn section<'a>(xml: &'a str, name: &str) -> &'a str {
    let start = xml.find(&format!("<{name} ")).unwrap();
    let end = xml.find(&format!("</{name}>")).unwrap();
    &xml[start..end]
}

/// Every visible sheet prints on A4 landscape at a fixed scale that keeps its smallest font
/// at 9 pt or more; returns the sheets for further checks.
fn assert_legible_in_the_file(xlsx: &Path) -> Vec<SheetPrint> {
    let sheets = sheets_as_printed(xlsx);
    for s in sheets.iter().filter(|s| !s.hidden) {
        assert!(s.landscape && s.a4, "{}: not A4 landscape: {s:?}", s.name);
        assert!(
            !s.fit_to_page,
            "{}: fit to page shrinks without limit",
            s.name
        );
        let printed = s.min_font * s.scale / 100.0;
        assert!(
            printed >= MIN_PT - 1e-9,
            "{}: smallest font {} pt at {}% prints at {printed:.1} pt",
            s.name,
            s.min_font,
            s.scale
        );
    }
    sheets
}

fn assert_legible_on_paper(printed: &Printed, what: &str) {
    let (height, word) = &printed.smallest;
    assert!(
        *height >= MIN_PT,
        "{what}: “{word}” is printed {height:.1} pt tall"
    );
}

/// Pages whose text contains `needle`.
fn pages_with(printed: &Printed, needle: &str) -> usize {
    printed.texts.iter().filter(|t| t.contains(needle)).count()
}

fn merge_sample(out: &Path) -> PathBuf {
    let repo = repo();
    xxgk()
        .arg("merge")
        .arg(repo.join("samples/报表"))
        .arg("--roster")
        .arg(repo.join("samples/名单.csv"))
        .args(["--unit", "大东区", "--year", "2025", "-o"])
        .arg(format!("{}/", out.display()))
        .assert()
        .code(1); // the samples include units with errors
    out.join("汇总.xlsx")
}

#[test]
fn the_sample_consolidation_prints_legibly_on_at_most_16_pages() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = merge_sample(&dir.path().join("汇总"));
    let sheets = assert_legible_in_the_file(&xlsx);
    let hidden: Vec<&str> = sheets
        .iter()
        .filter(|s| s.hidden)
        .map(|s| s.name.as_str())
        .collect();
    // 分单位明细 stays in the file for a higher-level merge, but does not print.
    assert_eq!(hidden, ["xxgk标识", "分单位明细"]);
    let Some(printed) = print(&xlsx) else {
        return;
    };
    assert_legible_on_paper(&printed, "汇总.xlsx");
    eprintln!("汇总.xlsx: {} pages", printed.pages);
    assert!(
        (12..=16).contains(&printed.pages),
        "汇总.xlsx prints on {} pages",
        printed.pages
    );
    assert_eq!(pages_with(&printed, "填报说明"), 1, "the cover is one page");
    assert_eq!(
        pages_with(&printed, "报送情况（"),
        1,
        "报送情况 is one page"
    );
    // 按表明细 has the units across and 合计 on every page, and every unit is on paper.
    let details: Vec<&String> = printed
        .texts
        .iter()
        .filter(|t| t.contains("项目") && t.contains("合计"))
        .collect();
    assert!(
        (4..=7).contains(&details.len()),
        "按表明细 on {} pages",
        details.len()
    );
    for unit in [
        "前进街道",
        "大东街道",
        "津桥街道",
        "小北街道",
        "万泉街道",
        "区教育局",
    ] {
        assert!(
            details.iter().all(|t| t.contains(unit)),
            "{unit} on every 按表明细 page"
        );
    }
    // The hidden sheet's title is not on paper.
    assert_eq!(pages_with(&printed, "分单位明细（最后一行合计"), 0);
}

/// A blank template: its pages, and what an empty form shows.
fn blank_template(format: &str, pages: usize) {
    let dir = tempfile::tempdir().unwrap();
    xxgk()
        .args(["template", "--format", format, "-o"])
        .arg(format!("{}/", dir.path().display()))
        .assert()
        .success();
    let xlsx = dir.path().join(format!("空白模板_{format}版.xlsx"));
    let sheets = assert_legible_in_the_file(&xlsx);
    // The ✗ text of a below-table check is wider than its column: its row is tall enough
    // for the wrapped lines (表三's G1 row, under the check area's heading and G1's label).
    let t3 = sheets.iter().find(|s| s.name == "表三").unwrap();
    let g1_row = read_sheet(&xlsx, "表三")
        .into_iter()
        .find(|(_, v)| v.starts_with("G1 "))
        .map(|((r, _), _)| r)
        .expect("G1 in 表三's check area");
    assert!(
        t3.heights[&g1_row] >= 30.0,
        "G1 row: {:?}",
        t3.heights.get(&g1_row)
    );
    let Some(printed) = print(&xlsx) else {
        return;
    };
    assert_legible_on_paper(&printed, &xlsx.display().to_string());
    eprintln!("空白模板_{format}版.xlsx: {} pages", printed.pages);
    assert_eq!(printed.pages, pages, "{format}: pages");
    assert_eq!(pages_with(&printed, "填报说明"), 1, "the cover is one page");
    assert_eq!(
        pages_with(&printed, "单元格或数据格代码"),
        1,
        "情况说明 is one page"
    );
    // An empty form shows neither 0 in its totals nor ✓ in its checks (the cover's
    // instructions explain both).
    for (i, page) in printed.texts.iter().enumerate() {
        if page.contains("填报说明") {
            continue;
        }
        let page = page.replace("请填0", "");
        assert!(
            !page.contains('✓'),
            "{format} page {}: ✓ on an empty form",
            i + 1
        );
        assert!(
            !page.split_whitespace().any(|w| w == "0"),
            "{format} page {}: 0 on an empty form\n{page}",
            i + 1
        );
    }
}

#[test]
fn the_blank_2021_template_prints_on_6_legible_pages() {
    blank_template("2021", 6);
}

#[test]
fn the_blank_2019_template_prints_on_6_legible_pages() {
    blank_template("2019", 6);
}
