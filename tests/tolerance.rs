//! Real reports deviate from the official layout in known ways (FORMAT.md §8). These tests
//! take a correct workbook, change its grid the way real reports do, and read it back.

mod common;

use common::repo;
use xxgk::filing::Filing;
use xxgk::grid::{Grid, Raw};
use xxgk::read::read_file;

fn grids(sample: &str) -> Vec<Grid> {
    read_file(&repo().join(sample)).unwrap().grids
}

fn sheet<'a>(grids: &'a mut [Grid], name: &str) -> &'a mut Grid {
    grids.iter_mut().find(|g| g.name == name).unwrap()
}

fn text(s: &str) -> Raw {
    Raw::Text(s.to_string())
}

/// Row (0-based) whose column `col` holds `label`.
fn row_of(grid: &Grid, col: usize, label: &str) -> usize {
    grid.rows
        .iter()
        .position(|r| r.get(col).is_some_and(|c| *c == text(label)))
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn a_2021_report_with_a_single_other_row_is_read_into_its_third_sub_row() {
    let mut grids = grids("samples/报表/前进街道_2025.xlsx");
    let t3 = sheet(&mut grids, "表三");
    let first = row_of(
        t3,
        2,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    );
    // Keep one row labelled （六）其他处理 holding what 3.其他 held; drop the sub-rows.
    let mut single = t3.rows[first + 2].clone();
    single[1] = text("（六）其他处理");
    single[2] = Raw::Empty;
    t3.rows.splice(first..first + 3, [single]);
    t3.formulas.clear();

    let filing = Filing::from_grids(&grids).unwrap();
    assert_eq!(filing.number("T3.R3.6.3.C1"), 1.into());
    assert_eq!(filing.number("T3.R3.6.1.C1"), 0.into());
    let rules: Vec<&str> = filing.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.contains(&"L4"), "{rules:?}");
    assert!(!rules.contains(&"L1"), "{:#?}", filing.findings);
    let all = xxgk::check::check(&filing, None);
    assert!(
        !all.iter().any(|f| f.rule.starts_with('G')),
        "the numbers still balance: {all:#?}"
    );
}

#[test]
fn a_2019_report_with_the_2021_sub_rows_is_read_as_their_sum() {
    let mut grids = grids("samples/真实报告/前进街道_2020.xlsx");
    let t3 = sheet(&mut grids, "表三");
    let at = row_of(t3, 1, "（六）其他处理");
    let width = t3.rows[at].len();
    let sub = |label: &str, n: f64| {
        let mut row = vec![Raw::Empty; width];
        row[2] = text(label);
        row[3] = Raw::Number(n);
        row
    };
    let mut first = sub(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2.0,
    );
    first[1] = text("（六）其他处理");
    t3.rows.splice(
        at..at + 1,
        [
            first,
            sub(
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                0.0,
            ),
            sub("3.其他", 1.0),
        ],
    );
    t3.formulas.clear();
    let filing = Filing::from_grids(&grids).unwrap();
    assert_eq!(filing.format.id, "2019");
    assert_eq!(filing.number("T3.R3.6.C1"), 3.into());
    assert!(filing.findings.iter().any(|f| f.rule == "L4"));
    assert!(!filing.findings.iter().any(|f| f.rule == "L1"));
}

#[test]
fn a_missing_row_is_an_error_naming_the_label() {
    let mut grids = grids("samples/报表/前进街道_2025.xlsx");
    let t3 = sheet(&mut grids, "表三");
    let at = row_of(t3, 2, "2.重复申请");
    t3.rows.remove(at);
    let filing = Filing::from_grids(&grids).unwrap();
    let missing: Vec<&str> = filing
        .findings
        .iter()
        .filter(|f| f.rule == "L1")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(missing, ["表三中找不到“（五）不予处理 2.重复申请”"]);
}

#[test]
fn without_the_identification_record_the_format_comes_from_the_labels() {
    for (sample, format) in [
        ("samples/真实报告/前进街道_2020.xlsx", "2019"),
        ("samples/报表/前进街道_2025.xlsx", "2021"),
    ] {
        let mut grids = grids(sample);
        grids.retain(|g| g.name != "xxgk标识");
        let filing = Filing::from_grids(&grids).unwrap();
        assert_eq!(filing.format.id, format, "{sample}");
        assert_eq!(filing.identified, xxgk::filing::Identified::Labels);
        assert!(
            filing.findings.is_empty(),
            "{sample}: {:#?}",
            filing.findings
        );
    }
}
