//! The sheets of an xxgk workbook besides the three tables: the cover (封面), the explanations
//! (情况说明) and the hidden identification record. The writer and the reader both use these
//! names, so they are declared once here.
//!
//! ```
//! use xxgk::sheets::{CoverField, COVER};
//! assert_eq!(CoverField::Unit.label(), "填报单位");
//! assert_eq!(COVER, "封面");
//! ```

/// Sheet name of the cover.
pub const COVER: &str = "封面";
/// Sheet name of the explanations of warnings.
pub const EXPLANATIONS: &str = "情况说明";
/// Sheet name of the hidden identification record.
pub const IDENT: &str = "xxgk标识";
/// First cell of the identification record; it marks a workbook written by xxgk.
pub const IDENT_MARK: &str = "xxgk 模板标识（由 xxgk 自动生成，请勿修改或删除）";
/// Version of the identification record's layout.
pub const IDENT_VERSION: u32 = 1;

/// The fields on the cover, in order. The first row of the cover is its title; field `i` is
/// on row `i + 2` (1-based row `i + 3`), label in column A and value in column B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverField {
    Unit,
    UnitCode,
    Year,
    Format,
    Preparer,
    Phone,
    Date,
    Reviewer,
}

impl CoverField {
    /// All fields in cover order.
    pub const ALL: [CoverField; 8] = [
        CoverField::Unit,
        CoverField::UnitCode,
        CoverField::Year,
        CoverField::Format,
        CoverField::Preparer,
        CoverField::Phone,
        CoverField::Date,
        CoverField::Reviewer,
    ];

    /// The label in column A.
    pub fn label(self) -> &'static str {
        match self {
            CoverField::Unit => "填报单位",
            CoverField::UnitCode => "单位代码",
            CoverField::Year => "报告年度",
            CoverField::Format => "格式版本",
            CoverField::Preparer => "填报人",
            CoverField::Phone => "联系电话",
            CoverField::Date => "填报日期",
            CoverField::Reviewer => "审核人",
        }
    }

    /// Zero-based row of the field on the cover.
    pub fn row(self) -> u32 {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0) as u32 + 2
    }

    /// Absolute reference to the field's value cell, for formulas on other sheets.
    ///
    /// ```
    /// assert_eq!(xxgk::sheets::CoverField::Year.reference(), "'封面'!$B$5");
    /// ```
    pub fn reference(self) -> String {
        format!("'{COVER}'!$B${}", self.row() + 1)
    }
}

/// Keys of the identification record, in order, from row 2 (column A key, column B value).
/// 汇总单位数 is empty for a unit's own report and the number of units for a consolidation.
pub const IDENT_KEYS: [&str; 6] = [
    "标识版本",
    "格式版本",
    "报告年度",
    "填报单位",
    "单位代码",
    MEMBERS_LABEL,
];

/// Label of the number of units summed in a consolidated workbook (cover and record).
pub const MEMBERS_LABEL: &str = "汇总单位数";

/// Sheet of a consolidated workbook listing every input file and its fate.
pub const STATUS_SHEET: &str = "报送情况";
/// Sheet of a consolidated workbook listing every finding.
pub const FINDINGS_SHEET: &str = "审核结果";
/// Sheet of a consolidated workbook with one row per unit and one column per data cell.
pub const DETAIL_SHEET: &str = "分单位明细";
/// Label of the last row of 分单位明细, which equals the official tables.
pub const DETAIL_TOTAL: &str = "合计";
/// Headers of 分单位明细's columns that the reader looks for: the unit, its 单位代码 (so
/// next year's merge can match it by code) and whether it had errors.
pub const DETAIL_UNIT: &str = "单位";
pub const DETAIL_CODE: &str = "单位代码";
pub const DETAIL_ERRORS: &str = "有未改正的错误";
/// Sheet of a consolidated workbook with 分单位明细 turned for printing: one row per data
/// cell, table by table, one column per unit.
pub const DETAIL_PRINT_SHEET: &str = "按表明细";

/// Sheets that xxgk writes beside the tables, which quote labels without being a table or a
/// cover: the findings of a consolidation name rows and columns, its 分单位明细 heads its
/// columns with 报告年度. A second copy of a table or cover is never looked for in them.
pub const NOT_TABLES: [&str; 6] = [
    IDENT,
    EXPLANATIONS,
    STATUS_SHEET,
    FINDINGS_SHEET,
    DETAIL_SHEET,
    DETAIL_PRINT_SHEET,
];

/// Column headers of the explanation table.
pub const EXPLANATION_HEADERS: [&str; 4] = ["序号", "规则编号", "单元格或数据格代码", "情况说明"];
/// Number of blank explanation rows in a template: as many as fit on one printed page.
pub const EXPLANATION_ROWS: u32 = 20;
