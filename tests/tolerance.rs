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

#[test]
fn a_deleted_sheet_is_one_error_not_a_search_elsewhere() {
    let mut grids = grids("samples/报表/前进街道_2025.xlsx");
    grids.retain(|g| g.name != "表四");
    let filing = Filing::from_grids(&grids).unwrap();
    let findings = xxgk::check::check(&filing, None);
    let rules: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        rules,
        [(
            "L1",
            "找不到表四“四、政府信息公开行政复议、行政诉讼情况”（工作表或表格可能被删除、改名或改动太多）"
        )]
    );
}

#[test]
fn a_cleared_block_of_table_two_is_reported() {
    let mut grids = grids("samples/报表/前进街道_2025.xlsx");
    let t2 = sheet(&mut grids, "表二");
    let from = row_of(t2, 0, "第二十条第（六）项");
    for row in &mut t2.rows[from..] {
        row.iter_mut().for_each(|c| *c = Raw::Empty);
    }
    let filing = Filing::from_grids(&grids).unwrap();
    let missing: Vec<&str> = filing
        .findings
        .iter()
        .filter(|f| f.rule == "L1")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(missing[0].contains("第二十条第（六）项") && missing[1].contains("第二十条第（八）项"));
}

#[test]
fn a_date_in_a_count_cell_is_an_error() {
    let mut grids = grids("samples/报表/前进街道_2025.xlsx");
    let t2 = sheet(&mut grids, "表二");
    t2.rows[9][1] = Raw::Date("2025-01-05".to_string()); // 表二!B10, 行政许可
    let filing = Filing::from_grids(&grids).unwrap();
    let findings = xxgk::check::check(&filing, None);
    let v4 = findings
        .iter()
        .find(|f| f.rule == "V4")
        .expect("a V4 finding");
    assert_eq!(v4.place(), "表二!B10");
    assert!(v4.message.contains("日期 2025-01-05"), "{}", v4.message);
}

#[test]
fn a_cover_year_other_than_the_templates_is_an_error() {
    let mut grids = grids("samples/上年/前进街道_2024.xlsx");
    let cover = sheet(&mut grids, "封面");
    cover.rows[4][1] = Raw::Number(2025.0); // 封面!B5: last year's template reused
    let filing = Filing::from_grids(&grids).unwrap();
    assert_eq!(filing.year, Some(2025));
    let c2 = filing.findings.iter().find(|f| f.rule == "C2").expect("C2");
    assert_eq!(c2.place(), "封面!B5");
    assert!(c2.message.contains("2024年度下发"), "{}", c2.message);
}

#[test]
fn an_explanation_that_explains_nothing_is_reported() {
    let mut grids = grids("samples/报表/大东街道_2025.xlsx");
    let notes = sheet(&mut grids, "情况说明");
    notes.rows[5][1] = text("X9");
    notes.rows[5][2] = text("表九!Z99");
    notes.rows[5][3] = text("随便写的");
    let filing = Filing::from_grids(&grids).unwrap();
    let findings = xxgk::check::check(&filing, None);
    let e1: Vec<_> = findings.iter().filter(|f| f.rule == "E1").collect();
    assert_eq!(e1.len(), 1);
    assert_eq!(e1[0].place(), "情况说明!B6");
    assert!(e1[0].message.contains("X9 表九!Z99"));
    // The two real explanations still explain their warnings.
    assert_eq!(
        findings.iter().filter(|f| f.explanation.is_some()).count(),
        2
    );
}

#[test]
fn a_total_over_numeric_text_is_recomputed_not_reported() {
    let mut grids = grids("samples/报表/前进街道_2025.xlsx");
    let t3 = sheet(&mut grids, "表三");
    t3.rows[6][3] = text("12件"); // 表三!D7 typed with its unit
    t3.rows[6][9] = Raw::Number(3.0); // 表三!J7 as a spreadsheet's SUM leaves it: text skipped
    let rules = |grids: &[Grid]| -> Vec<String> {
        let filing = Filing::from_grids(grids).unwrap();
        xxgk::check::check(&filing, None)
            .iter()
            .map(|f| format!("{} {}", f.rule, f.place()))
            .collect()
    };
    // J7 is the template's SUM formula, which skips the text: the cell is an error (V6), and
    // the total is not reported on its own.
    assert_eq!(rules(&grids), ["V6 表三!D7"]);
    // With plain-number totals the sheet computes nothing: only the V2 warning.
    sheet(&mut grids, "表三").formulas.clear();
    assert_eq!(rules(&grids), ["V2 表三!D7"]);
}
