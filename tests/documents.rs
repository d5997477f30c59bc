//! The report in Word and HTML, and the notices back to units (`merge --notices`): read back
//! with python-docx, converted by LibreOffice, rendered by Chromium, re-checked by `check`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{read_sheet, repo, sheet_names, soffice_convert, xxgk};
use rust_decimal::Decimal;
use serde_json::Value;
use xxgk::format::Format;
use xxgk::layout::TableLayout;

const SEED: &str = "samples/真实报告/前进街道_2020年度报告.txt";

/// python3 with python-docx, or `None` when it is missing and this is not CI.
fn python_docx() -> Option<&'static str> {
    let ok = Command::new("python3")
        .args(["-c", "import docx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install python-docx"
        );
        eprintln!("python-docx not installed: skipping");
        return None;
    }
    Some("python3")
}

/// The paragraphs and tables of a .docx as python-docx reads them.
fn read_docx(path: &Path) -> Option<Value> {
    let python = python_docx()?;
    let out = Command::new(python)
        .arg(repo().join("tests/scripts/read_docx.py"))
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python-docx could not read {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// (cell id, text) at row `r`, column `c` of a table read back.
fn at(table: &Value, r: u32, c: u16) -> (i64, String) {
    let cell = &table[r as usize][c as usize];
    (
        cell[0].as_i64().unwrap(),
        cell[1].as_str().unwrap().to_string(),
    )
}

/// Imports the seed and writes its report as .docx; returns the workbook and the document.
fn seed_report(dir: &Path) -> (PathBuf, PathBuf) {
    let workbook = dir.join("前进街道.xlsx");
    xxgk()
        .arg("import")
        .arg(repo().join(SEED))
        .arg("-o")
        .arg(&workbook)
        .assert()
        .success();
    let word = dir.join("前进街道.docx");
    xxgk()
        .arg("report")
        .arg(&workbook)
        .arg("-o")
        .arg(&word)
        .assert()
        .success();
    (workbook, word)
}

/// Every official table block of the draft, in order, checked against the layout: merged
/// cells span exactly the layout's ranges, labels are the format's, and every data cell holds
/// `value(code)`.
fn assert_official_tables(doc: &Value, format: &Format, value: &dyn Fn(&str) -> Decimal) {
    let tables = doc["tables"].as_array().unwrap();
    let mut next = 0;
    for table in &format.tables {
        let layout = TableLayout::new(table);
        for span in &layout.blocks {
            let t = &tables[next];
            next += 1;
            let top = span.first_row;
            for label in layout
                .labels
                .iter()
                .filter(|l| l.row >= top && l.last_row <= span.last_row)
            {
                let (id, text) = at(t, label.row - top, label.col);
                assert_eq!(text, label.text, "{} label at {label:?}", table.sheet);
                for r in label.row..=label.last_row {
                    for c in label.col..=label.last_col {
                        assert_eq!(
                            at(t, r - top, c).0,
                            id,
                            "{} “{}” must cover row {r} col {c}",
                            table.sheet,
                            label.text
                        );
                    }
                }
                // Nothing outside the range shares the cell.
                if label.last_col + 1 < t[0].as_array().unwrap().len() as u16 {
                    assert_ne!(at(t, label.row - top, label.last_col + 1).0, id);
                }
            }
            for d in layout
                .data
                .iter()
                .filter(|d| d.row >= top && d.row <= span.last_row)
            {
                let (_, text) = at(t, d.row - top, d.col);
                assert_eq!(
                    text,
                    value(&d.code).normalize().to_string(),
                    "{} {}",
                    table.sheet,
                    d.code
                );
            }
        }
    }
}

/// The numbers of the seed's tables, in reading order: every line that is just a number.
fn seed_numbers() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join(SEED)).unwrap();
    let start = text.find("二、主动公开").unwrap();
    let end = text.find("五、").unwrap();
    text[start..end]
        .lines()
        .map(|l| l.trim().trim_end_matches('元').to_string())
        .filter(|l| !l.is_empty() && l.parse::<Decimal>().is_ok())
        .collect()
}

#[test]
fn the_seed_reports_to_word_with_its_tables_cell_for_cell_and_its_figures_in_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let (workbook, word) = seed_report(dir.path());
    let Some(doc) = read_docx(&word) else { return };
    // The tables' numbers, in reading order, are the seed's.
    let tables = doc["tables"].as_array().unwrap();
    let mut numbers = Vec::new();
    for t in tables.iter().take(7) {
        let mut seen = std::collections::BTreeSet::new();
        for row in t.as_array().unwrap() {
            for cell in row.as_array().unwrap() {
                let id = cell[0].as_i64().unwrap();
                let text = cell[1].as_str().unwrap();
                if seen.insert(id) && text.parse::<Decimal>().is_ok() {
                    numbers.push(text.to_string());
                }
            }
        }
    }
    assert_eq!(numbers, seed_numbers());
    // And the layout's, cell by cell, against the workbook the seed was imported into.
    let (filing, _) = xxgk::check::read_filing(&workbook).unwrap();
    let values = xxgk::check::effective_values(&filing);
    assert_official_tables(&doc, filing.format, &|code| {
        values.get(code).copied().unwrap_or_default()
    });
    let text: String = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("大东区前进街道2020年度政府信息公开工作年度报告"));
    assert!(
        text.contains("政府集中采购2项，采购总金额315424.75元。"),
        "{text}"
    );
    assert!(text.contains(
        "本年度共收到政府信息公开申请0件，其中自然人0件、法人或其他组织0件；上年结转0件。"
    ));
    assert!(text.contains("本年度因政府信息公开工作被申请行政复议0件、提起行政诉讼0件。"));
    for heading in [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("（文字描述）"));
    // A4, and the fonts of official documents.
    assert_eq!(doc["page"], serde_json::json!([7560310, 10692130]));
    for font in ["仿宋", "黑体", "方正小标宋简体", "宋体"] {
        assert!(
            doc["fonts"].as_array().unwrap().iter().any(|f| f == font),
            "{font}"
        );
    }
}

/// The sample merge, with notices and the roster.
fn sample_merge(dir: &Path) -> PathBuf {
    let out = dir.join("汇总");
    xxgk()
        .arg("merge")
        .arg(repo().join("samples/报表"))
        .arg("--roster")
        .arg(repo().join("samples/名单.csv"))
        .args([
            "--unit",
            "大东区",
            "--notices",
            "--deadline",
            "2026-01-31",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(1);
    out
}

#[test]
fn merge_writes_the_report_in_word_and_html_with_the_consolidated_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let out = sample_merge(dir.path());
    let md = std::fs::read_to_string(out.join("汇总报告.md")).unwrap();
    let html = std::fs::read_to_string(out.join("汇总报告.html")).unwrap();
    // The same content: every sentence of the draft is in all three.
    let (filing, _) = xxgk::check::read_filing(&out.join("汇总.xlsx")).unwrap();
    let values = xxgk::check::effective_values(&filing);
    let value = |code: &str| values.get(code).copied().unwrap_or_default();
    let sentences: Vec<String> = filing
        .format
        .sections
        .iter()
        .flat_map(|s| s.sentences.iter())
        .map(|t| xxgk::format::sentence(filing.format, t, &value))
        .collect();
    assert!(sentences[0].contains("本年度制发规章0件"));
    assert!(md.contains(
        "本年度共收到政府信息公开申请73件，其中自然人63件、法人或其他组织10件；上年结转4件。"
    ));
    for s in &sentences {
        assert!(md.contains(s.as_str()), "{s}");
        assert!(html.contains(s.as_str()), "{s}");
    }
    // The HTML stands alone.
    assert!(html.contains(r#"<meta charset="utf-8">"#));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("rowspan=\"3\" colspan=\"3\""));
    assert!(html.contains("<svg"));
    for outside in ["<script", "<link", "src=\"http", "@import", "url("] {
        assert!(!html.contains(outside), "{outside}");
    }
    assert!(html.contains("催报名单") && html.contains("024-24310102"));
    // The workbook has a chart sheet of native charts.
    assert!(sheet_names(&out.join("汇总.xlsx")).contains(&"图表".to_string()));
    let file = std::fs::File::open(out.join("汇总.xlsx")).unwrap();
    let zip = zip::ZipArchive::new(file).unwrap();
    assert!(
        zip.file_names()
            .any(|n| n.is_ok_and(|n| n == "xl/charts/chart1.xml"))
    );
    let Some(doc) = read_docx(&out.join("汇总报告.docx")) else {
        return;
    };
    assert_official_tables(&doc, filing.format, &value);
    let text: String = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(text.contains("大东区2025年度政府信息公开工作年度报告"));
    for s in &sentences {
        assert!(text.contains(s.as_str()), "{s}");
    }
    assert!(text.contains("审核发现") && text.contains("附件"));
}

#[test]
fn documents_are_the_same_bytes_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let (workbook, word) = seed_report(dir.path());
    let again = dir.path().join("again.docx");
    xxgk()
        .arg("report")
        .arg(&workbook)
        .arg("-o")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&word).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let html = dir.path().join("r.html");
    xxgk()
        .arg("report")
        .arg(&workbook)
        .arg("-o")
        .arg(&html)
        .assert()
        .success();
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("政府集中采购2项，采购总金额315424.75元。"));
}

/// Findings of `check --json` on one file, without L rules: (rule, code, severity, message,
/// explained).
fn findings(path: &Path) -> Vec<(String, String, String, String, bool)> {
    let out = xxgk()
        .arg("check")
        .arg("--json")
        .arg(path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut list: Vec<_> = json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["rule"].as_str().unwrap().starts_with('L'))
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (
                s("rule"),
                s("code"),
                s("severity"),
                s("message"),
                f["explained"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    list.sort();
    list
}

/// Whether `check` finds errors or unexplained warnings (L rules included) in a readable file.
fn needs_notice(path: &Path) -> bool {
    let out = xxgk()
        .arg("check")
        .arg("--json")
        .arg(path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &json["files"][0];
    let readable = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] != "F1");
    readable
        && file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "error" || f["explained"] != true)
}

#[test]
fn notices_go_to_exactly_the_units_with_problems_and_their_marked_copies_recheck_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let out = sample_merge(dir.path());
    let back = out.join("退回");
    let mut expected = vec!["催报名单.xlsx".to_string()];
    let mut units = Vec::new();
    for entry in std::fs::read_dir(repo().join("samples/报表")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("~$") || !needs_notice(&path) {
            continue;
        }
        let unit = name.split('_').next().unwrap().to_string();
        expected.push(format!("{unit}_审核意见.docx"));
        expected.push(format!("{unit}_标注.xlsx"));
        units.push((unit, path));
    }
    expected.sort();
    assert!(units.len() >= 3, "{units:?}");
    assert_eq!(common::listing(&back), expected);
    for (unit, original) in &units {
        let marked = back.join(format!("{unit}_标注.xlsx"));
        assert_eq!(findings(&marked), findings(original), "{unit}");
        // The marked copy says where: a note on each cell with a finding.
        let file = std::fs::File::open(&marked).unwrap();
        let zip = zip::ZipArchive::new(file).unwrap();
        let has_notes = zip
            .file_names()
            .any(|n| n.is_ok_and(|n| n.starts_with("xl/comments")));
        assert_eq!(has_notes, !findings(original).is_empty(), "{unit}");
    }
    let list = read_sheet(&back.join("催报名单.xlsx"), "催报名单");
    let row: Vec<&String> = list
        .iter()
        .filter(|(k, _)| k.0 == 2)
        .map(|(_, v)| v)
        .collect();
    assert_eq!(row, ["1", "区卫生健康局", "未报送", "孙伟", "024-24310102"]);
    // The notice names the unit, the file, each finding's cell, and the date to resend by.
    let Some(doc) = read_docx(&back.join("区教育局_审核意见.docx")) else {
        return;
    };
    let text: String = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    for part in [
        "区教育局：",
        "区教育局_2025.xlsx",
        "请于2026年1月31日前",
        "表三!D7",
        "问题：填写的是文字“21件”",
        "修改：",
        "大东区",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
}

#[test]
fn a_bad_deadline_is_refused_with_the_form_to_use() {
    let dir = tempfile::tempdir().unwrap();
    xxgk()
        .arg("merge")
        .arg(repo().join("samples/报表"))
        .args([
            "--unit",
            "大东区",
            "--notices",
            "--deadline",
            "下周五",
            "-o",
        ])
        .arg(dir.path().join("汇总"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--deadline 2026-01-31"));
}

#[test]
fn libreoffice_opens_every_document_and_chromium_draws_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let (_, word) = seed_report(dir.path());
    let out = sample_merge(dir.path());
    let mut documents = vec![word, out.join("汇总报告.docx")];
    for entry in std::fs::read_dir(out.join("退回")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "docx") {
            documents.push(path);
        }
    }
    let pdfs = dir.path().join("pdf");
    std::fs::create_dir_all(&pdfs).unwrap();
    for doc in &documents {
        let Some(pdf) = soffice_convert(doc, "pdf", &pdfs) else {
            return;
        };
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{}", doc.display());
    }
    let Some(chromium) = chromium() else { return };
    let shot = dir.path().join("page.png");
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=900,1600",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", out.join("汇总报告.html").display()))
        .output()
        .unwrap();
    assert!(
        shot.exists() && std::fs::metadata(&shot).unwrap().len() > 10_000,
        "chromium drew nothing: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Chromium's command, or `None` when it is not installed and this is not CI.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI must install chromium");
        eprintln!("chromium not installed: skipping");
    }
    found
}

#[test]
fn report_writes_markdown_word_or_html_by_the_name_given() {
    let dir = tempfile::tempdir().unwrap();
    let (workbook, _) = seed_report(dir.path());
    for (name, start) in [
        ("r.md", &b"# "[..]),
        ("r.docx", b"PK"),
        ("r.htm", b"<!DOCTYPE"),
    ] {
        let out = dir.path().join(name);
        xxgk()
            .arg("report")
            .arg(&workbook)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        assert!(std::fs::read(&out).unwrap().starts_with(start), "{name}");
    }
}

#[test]
fn every_sentence_of_every_format_fills_in_all_its_numbers() {
    for format in Format::builtin() {
        let mut count = 0;
        for section in &format.sections {
            for template in &section.sentences {
                count += 1;
                let text = xxgk::format::sentence(format, template, &|_| Decimal::ONE);
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{}: {text}",
                    format.name
                );
            }
        }
        assert!(count >= 5, "{}", format.name);
    }
}
