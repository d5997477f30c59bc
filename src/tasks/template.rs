//! `template` on data: the file name and bytes of one unit's template, or of every unit of a
//! roster, with the roster's problems by line.

use std::collections::HashMap;

use crate::format::Format;
use crate::merge::roster::{Roster, Unit};
use crate::write::file_names::{EmptyName, safe_file_stem};
use crate::write::template::Header;

/// One template to write: the roster line it is for, its file name and its cover fields.
#[derive(Debug, Clone)]
pub struct Planned<'r> {
    pub unit: &'r Unit,
    pub file_name: String,
    pub header: Header,
}

/// Every template of a roster, and the roster lines that get none (with why), by line.
#[derive(Debug, Clone, Default)]
pub struct Plan<'r> {
    pub files: Vec<Planned<'r>>,
    pub problems: Vec<(usize, String)>,
}

/// Decides every file name of a roster's templates, in roster order. Two units whose names
/// give one file name (`a/b` and `a_b`, or names differing only in case, which Windows and
/// macOS do not tell apart) are never both written: the second is a problem.
///
/// ```
/// let roster = xxgk::roster::Roster::parse("单位名称\n前进街道\n前进街道\n".as_bytes()).unwrap();
/// let format = xxgk::format::Format::for_year(2025);
/// let plan = xxgk::tasks::template::plan(&roster, format, Some(2025));
/// assert_eq!(plan.files[0].file_name, "前进街道_2025.xlsx");
/// assert!(plan.problems.iter().any(|(line, _)| *line == 3));
/// ```
pub fn plan<'r>(roster: &'r Roster, format: &Format, year: Option<u16>) -> Plan<'r> {
    let mut plan = Plan {
        files: Vec::new(),
        problems: roster
            .problems
            .iter()
            .map(|p| (p.line, p.message.clone()))
            .collect(),
    };
    let mut taken: HashMap<String, &Unit> = HashMap::new();
    for unit in &roster.units {
        let name = match file_name(&unit.name, year, format) {
            Ok(n) => n,
            Err(e) => {
                plan.problems
                    .push((unit.line, format!("名单第{}行：{e}", unit.line)));
                continue;
            }
        };
        if let Some(other) = taken.get(&name.to_lowercase()) {
            plan.problems.push((unit.line, format!(
                "名单第{}行的单位“{}”与第{}行的“{}”会生成同名文件 {name}，已跳过。请修改其中一个单位名称。",
                unit.line, unit.name, other.line, other.name
            )));
            continue;
        }
        taken.insert(name.to_lowercase(), unit);
        let header = Header {
            unit: unit.name.clone(),
            unit_code: unit.code.clone(),
            preparer: unit.contact.clone(),
            phone: unit.phone.clone(),
            year,
            date: String::new(),
            members: None,
        };
        plan.files.push(Planned {
            unit,
            file_name: name,
            header,
        });
    }
    plan
}

/// A roster's templates: (file name, bytes) in roster order, and the problems by line.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub files: Vec<(String, Vec<u8>)>,
    pub problems: Vec<(usize, String)>,
}

/// Every template of a roster: what `xxgk template --roster` writes into its folder.
///
/// ```
/// let roster = xxgk::roster::Roster::parse("单位名称\n前进街道\n".as_bytes()).unwrap();
/// let format = xxgk::format::Format::for_year(2025);
/// let made = xxgk::tasks::template::roster_templates(&roster, format, Some(2025));
/// assert_eq!(made.files[0].0, "前进街道_2025.xlsx");
/// assert!(made.problems.is_empty());
/// ```
pub fn roster_templates(roster: &Roster, format: &Format, year: Option<u16>) -> Templates {
    let mut plan = plan(roster, format, year);
    // One model workbook, stamped with each unit's fields (see crate::write::stamp).
    let stamper = crate::write::stamp::Stamper::new(format, year);
    let mut files = Vec::new();
    for p in plan.files {
        match stamper.template(&p.header) {
            Ok(bytes) => files.push((p.file_name, bytes)),
            Err(e) => plan.problems.push((
                p.unit.line,
                format!("名单第{}行“{}”：{e}", p.unit.line, p.unit.name),
            )),
        }
    }
    plan.problems.sort_by_key(|(line, _)| *line);
    Templates {
        files,
        problems: plan.problems,
    }
}

/// One unit's template as (file name, bytes); without a unit, the blank template.
///
/// ```
/// let format = xxgk::format::Format::for_year(2025);
/// let (name, bytes) = xxgk::tasks::template::unit_template("前进街道", Some(2025), format).unwrap();
/// assert_eq!(name, "前进街道_2025.xlsx");
/// assert!(bytes.starts_with(b"PK"));
/// ```
pub fn unit_template(
    unit: &str,
    year: Option<u16>,
    format: &Format,
) -> Result<(String, Vec<u8>), String> {
    let name = file_name(unit, year, format).map_err(|e| e.to_string())?;
    let header = Header {
        unit: unit.to_string(),
        year,
        ..Header::default()
    };
    let values = crate::write::template::Values::new();
    let bytes = crate::write::template::workbook_bytes(format, &header, &values)
        .map_err(|e| e.to_string())?;
    Ok((name, bytes))
}

/// `前进街道_2025.xlsx`, or `空白模板_2021版.xlsx` without unit and year.
///
/// ```
/// let format = xxgk::format::Format::for_year(2025);
/// assert_eq!(xxgk::tasks::template::file_name("", None, format).unwrap(), "空白模板_2021版.xlsx");
/// ```
pub fn file_name(unit: &str, year: Option<u16>, format: &Format) -> Result<String, EmptyName> {
    let stem = if unit.is_empty() {
        "空白模板".to_string()
    } else {
        safe_file_stem(unit)?
    };
    Ok(match year {
        Some(y) => format!("{stem}_{y}.xlsx"),
        None => format!("{stem}_{}版.xlsx", format.id),
    })
}
