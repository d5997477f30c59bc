//! The generated templates against the official texts, read back with calamine.

mod common;

use std::collections::HashMap;

use common::*;
use rust_decimal::Decimal;
use xxgk::format::Format;
use xxgk::layout::TableLayout;
use xxgk::template::{Header, Values, workbook_bytes};

fn write_template(dir: &std::path::Path, args: &[&str]) -> std::path::PathBuf {
    let out = dir.join("t.xlsx");
    xxgk()
        .arg("template")
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn labels_match_the_official_text_word_for_word() {
    for id in ["2019", "2021"] {
        let dir = tempfile::tempdir().unwrap();
        let path = write_template(dir.path(), &["--format", id]);
        let format = Format::by_id(id).unwrap();
        let ours: String = template_label_sequence(&path, format).concat();
        let official = official_tables(id);
        // The official text was flattened from HTML, where 表三 wrote “商业<br>企业”.
        assert_eq!(
            ours, official,
            "format {id}: template labels differ from the official text"
        );
    }
}

#[test]
fn labels_sit_at_the_intended_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_template(dir.path(), &["--year", "2025", "--unit", "前进街道"]);
    let t3 = read_sheet(&path, "表三");
    assert_eq!(t3[&(6, 0)], "一、本年新收政府信息公开申请数量"); // 表三!A7
    assert_eq!(t3[&(4, 3)], "自然人"); // 表三!D5
    assert_eq!(t3[&(5, 4)], "商业企业"); // 表三!E6
    assert_eq!(
        t3[&(3, 0)],
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    );
    assert_eq!(
        t3[&(26, 2)],
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    );
    assert_eq!(t3[&(12, 2)], "3.危及“三安全一稳定”");
    let t4 = read_sheet(&path, "表四");
    assert_eq!(t4[&(3, 0)], "行政复议");
    assert_eq!(t4[&(4, 5)], "未经复议直接起诉");
    let t2 = read_sheet(&path, "表二");
    assert_eq!(t2[&(3, 0)], "第二十条第（一）项");
    assert_eq!(t2[&(15, 1)], "本年收费金额（单位：万元）"); // 表二!B16

    // And every label the layout places is in the file at its place.
    let format = Format::by_id("2021").unwrap();
    for table in &format.tables {
        let cells = read_sheet(&path, &table.sheet);
        for label in TableLayout::new(table).labels {
            let at = (TABLE_TOP + label.row, u32::from(label.col));
            assert_eq!(
                cells.get(&at),
                Some(&label.text),
                "{} {:?}",
                table.sheet,
                at
            );
        }
    }
}

#[test]
fn the_2019_template_has_its_own_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_template(dir.path(), &["--year", "2020", "--unit", "前进街道"]);
    let t2 = read_sheet(&path, "表二");
    assert!(t2.values().any(|v| v == "第二十条第（九）项"));
    assert!(t2.values().any(|v| v == "本年增/减"));
    let t3 = read_sheet(&path, "表三");
    assert_eq!(t3[&(26, 1)], "（六）其他处理");
    assert_eq!(t3[&(27, 1)], "（七）总计");
}

#[test]
fn cover_and_identification_record_name_the_unit_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_template(dir.path(), &["--year", "2025", "--unit", "前进街道"]);
    let names = sheet_names(&path);
    assert_eq!(
        names,
        ["封面", "表二", "表三", "表四", "情况说明", "xxgk标识"]
    );
    let cover = read_sheet(&path, "封面");
    assert_eq!(cover[&(2, 0)], "填报单位");
    assert_eq!(cover[&(2, 1)], "前进街道");
    assert_eq!(cover[&(4, 1)], "2025");
    assert!(cover.values().any(|v| v.contains("G1（错误）表三按列平衡")));
    let ident = read_sheet(&path, "xxgk标识");
    let record: HashMap<&str, &str> = (1..6)
        .map(|r| {
            (
                ident[&(r, 0)].as_str(),
                ident.get(&(r, 1)).map_or("", |s| s.as_str()),
            )
        })
        .collect();
    assert_eq!(record["格式版本"], "2021");
    assert_eq!(record["报告年度"], "2025");
    assert_eq!(record["填报单位"], "前进街道");
    let t3 = read_sheet(&path, "表三");
    assert_eq!(t3[&(1, 0)], "填报单位：前进街道　　报告年度：2025");
}

#[test]
fn totals_and_checks_carry_cached_results() {
    let format = Format::by_id("2021").unwrap();
    let mut values = Values::new();
    let mut set = |code: &str, v: i64| {
        values.insert(code.to_string(), Decimal::from(v));
    };
    set("T3.R1.C1", 10); // 新收 10 natural persons
    set("T3.R1.C2", 2);
    set("T3.R3.1.C1", 6);
    set("T3.R3.6.3.C1", 1);
    set("T3.R4.C1", 3); // 6 + 1 + 3 = 10: column 自然人 balances
    set("T3.R3.1.C2", 1); // 商业企业: 2 ≠ 1 + 0 — G1 fails there
    set("T4.A1", 2);
    set("T4.A4", 1);
    let bytes = workbook_bytes(format, &Header::default(), &values).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filled.xlsx");
    std::fs::write(&path, bytes).unwrap();

    let t3 = read_sheet(&path, "表三");
    assert_eq!(t3[&(6, 9)], "12"); // 表三!J7: row 一 总计 = 10 + 2
    assert_eq!(t3[&(29, 3)], "7"); // 表三!D30: （七）总计 for 自然人 = 6 + 1
    assert_eq!(t3[&(29, 9)], "8"); // 表三!J30: grand total
    assert_eq!(t3[&(33, 3)], "✓ 平衡"); // G1, 自然人
    assert_eq!(t3[&(33, 4)], "✗ 一+二≠三+四"); // G1, 商业企业
    // An input cell without a value stays blank (not 0), so the checker can tell “未填写”.
    assert!(!t3.contains_key(&(7, 3)), "表三!D8 should be blank");
    let t4 = read_sheet(&path, "表四");
    assert_eq!(t4[&(6, 4)], "3"); // 表四!E7: 行政复议总计
    // A total of blank cells is blank, and so is a check over blank cells (科研机构).
    assert!(!t4.contains_key(&(6, 9)), "表四!J7 should be blank");
    assert!(
        !t3.contains_key(&(33, 5)),
        "G1 for 科研机构 should be blank"
    );

    // A blank template: every total and every check is blank, with a blank cached result,
    // so a form printed to fill in by hand shows neither 0 nor ✓.
    let bytes = workbook_bytes(format, &Header::default(), &Values::new()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let t3 = read_sheet(&path, "表三");
    assert!(!t3.contains_key(&(29, 9)), "表三!J30 should be blank");
    assert!(
        !t3.values()
            .any(|v| v.starts_with('✗') || v.starts_with('✓'))
    );
    let layout = TableLayout::new(&format.tables[1]);
    for pos in &layout.data {
        assert!(!t3.contains_key(&(TABLE_TOP + pos.row, u32::from(pos.col))));
    }
}

#[test]
fn same_inputs_give_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let args = ["--year", "2025", "--unit", "前进街道"];
    let first = write_template(a.path(), &args);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = write_template(b.path(), &args);
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
}

/// `templates_xlsx/` holds the blank templates; regenerate them with
/// `xxgk template --format 2021 -o templates_xlsx/ --force` (and 2019) when this fails.
#[test]
fn committed_templates_are_in_sync() {
    for id in ["2019", "2021"] {
        let format = Format::by_id(id).unwrap();
        let name = format!("空白模板_{}版.xlsx", format.id);
        let committed = repo().join("templates_xlsx").join(&name);
        let dir = tempfile::tempdir().unwrap();
        xxgk()
            .args(["template", "--format", id, "-o"])
            .arg(dir.path())
            .assert()
            .success();
        let fresh = dir.path().join(&name);
        let parts = |p: &std::path::Path| -> Vec<(String, Vec<u8>)> {
            let file = std::fs::File::open(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let mut zip = zip::ZipArchive::new(file).unwrap();
            let mut out = Vec::new();
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).unwrap();
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
                out.push((entry.name().unwrap().to_string(), bytes));
            }
            out
        };
        let (old, new) = (parts(&committed), parts(&fresh));
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|e| e.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&old), names(&new), "{name}: parts differ");
        for ((part, a), (_, b)) in old.iter().zip(&new) {
            assert!(
                a == b,
                "{name}: {part} differs from a fresh template; regenerate templates_xlsx (see DEVELOPING.md)"
            );
        }
    }
}
