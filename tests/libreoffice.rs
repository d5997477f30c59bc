//! The templates open and convert in a real spreadsheet program. LibreOffice re-saves each
//! template as xlsx, ods and xls; every converted file must still show the official labels,
//! the cover, the identification record and correct totals. `.ci/run` installs LibreOffice.

mod common;

use common::*;
use xxgk::format::Format;
use xxgk::template::{Header, Values, workbook_bytes};

fn convert_and_compare(format_id: &str, year: u16) {
    let format = Format::by_id(format_id).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let source_dir = dir.path().join("src");
    std::fs::create_dir(&source_dir).unwrap();
    let source = source_dir.join(format!("模板{format_id}.xlsx"));
    let header = Header {
        unit: "前进街道".into(),
        year: Some(year),
        ..Header::default()
    };
    let mut values = Values::new();
    values.insert("T3.R1.C1".into(), 5.into());
    values.insert("T3.R3.1.C1".into(), 5.into());
    std::fs::write(&source, workbook_bytes(format, &header, &values).unwrap()).unwrap();
    let expected = template_label_sequence(&source, format);

    for ext in ["xlsx", "ods", "xls"] {
        let out_dir = dir.path().join(ext);
        std::fs::create_dir(&out_dir).unwrap();
        let Some(converted) = soffice_convert(&source, ext, &out_dir) else {
            return;
        };
        assert_eq!(
            template_label_sequence(&converted, format),
            expected,
            "{format_id} → {ext}: labels changed"
        );
        assert_eq!(
            sheet_names(&converted),
            sheet_names(&source),
            "{ext}: sheets"
        );
        let cover = read_sheet(&converted, "封面");
        assert_eq!(cover[&(2, 1)], "前进街道", "{ext}: cover");
        let ident = read_sheet(&converted, "xxgk标识");
        assert_eq!(ident[&(2, 1)], format_id, "{ext}: identification record");
        let t3 = read_sheet(&converted, "表三");
        assert_eq!(t3[&(6, 9)], "5", "{ext}: 表三!J7 total after recalculation");
        if ext == "xls" {
            // calamine reads the cached text result of a formula in .xls as 0 (tafia/calamine
            // #655); LibreOffice itself shows the text. Numeric results above are read fine.
            continue;
        }
        assert_eq!(
            t3[&(1, 0)],
            format!("填报单位：前进街道　　报告年度：{year}")
        );
        let g1_row = t3
            .iter()
            .find(|(_, v)| v.as_str() == "G1 表三按列平衡")
            .map(|((r, _), _)| *r)
            .expect("G1 row in the check area");
        assert_eq!(t3[&(g1_row, 3)], "✓ 平衡", "{ext}: G1 check for 自然人");
        assert!(
            !t3.values().any(|v| v.starts_with('✗')),
            "{ext}: a check failed"
        );
    }
}

#[test]
fn the_2021_template_survives_libreoffice() {
    convert_and_compare("2021", 2025);
}

#[test]
fn the_2019_template_survives_libreoffice() {
    convert_and_compare("2019", 2020);
}
