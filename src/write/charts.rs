//! The charts of a consolidation, as data: the HTML report draws them as inline SVG
//! ([`crate::write::html`]) and 汇总.xlsx as native Excel charts ([`add_chart_sheet`]), so the
//! two show the same numbers.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart as XChart, ChartFont, ChartType, Workbook, XlsxError};

use crate::filing::Filing;
use crate::merge::Consolidation;
use crate::write::document::Chart;

/// Name of the chart sheet in 汇总.xlsx.
pub const SHEET: &str = "图表";

/// The figures whose sum is all 办理结果, in official order.
const RESULTS: [&str; 6] = [
    "（一）予以公开",
    "（二）部分公开",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
];

/// Units the by-unit chart shows at most: beyond that the bars are too thin to read.
const MAX_UNITS: usize = 30;

/// The figures compared with last year.
const MAIN: [&str; 5] = [
    "本年新收申请",
    "本年办理（（七）总计）",
    "结转下年度继续办理",
    "行政复议",
    "行政诉讼",
];

/// 新收申请 by unit, the make-up of 办理结果, and this year against last year.
///
/// ```
/// use xxgk::check::Input;
/// use xxgk::tasks::merge::{Request, merge};
/// let bytes = std::fs::read("samples/报表/前进街道_2025.xlsx").unwrap();
/// let request = Request {
///     options: xxgk::merge::Options { unit: "大东区".into(), year: Some(2025), ..Default::default() },
///     roster: None,
///     prior: None,
///     csv: false,
///     limits: Default::default(),
/// };
/// let merged = merge(&[Input::new("前进街道_2025.xlsx", bytes)], Vec::new(), &request).unwrap();
/// let charts = xxgk::write::charts::charts(&merged.consolidation, None);
/// assert_eq!(charts[0].title, "各单位本年新收政府信息公开申请（件）");
/// ```
pub fn charts(c: &Consolidation, prior: Option<&Filing>) -> Vec<Chart> {
    let format = c.format;
    let figure = |name: &str, value: &dyn Fn(&str) -> Decimal| {
        format
            .figures
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value(format, value))
            .unwrap_or_default()
    };
    let mut by_unit = Chart {
        title: "各单位本年新收政府信息公开申请（件）".to_string(),
        labels: Vec::new(),
        series: vec![("本年新收申请".to_string(), Vec::new())],
    };
    for m in c.members.iter().filter(|m| m.included()) {
        let Some(s) = m.filing() else { continue };
        let value = |code: &str| format.position(code).map_or(Decimal::ZERO, |i| s.value(i));
        by_unit.labels.push(m.unit());
        by_unit.series[0].1.push(figure("本年新收申请", &value));
    }
    if by_unit.labels.len() > MAX_UNITS {
        let mut pairs: Vec<(String, Decimal)> = by_unit
            .labels
            .drain(..)
            .zip(by_unit.series[0].1.drain(..))
            .collect();
        // The largest first; a stable sort keeps the input order among equals.
        pairs.sort_by_key(|p| std::cmp::Reverse(p.1));
        pairs.truncate(MAX_UNITS);
        (by_unit.labels, by_unit.series[0].1) = pairs.into_iter().unzip();
        by_unit.title = format!("本年新收政府信息公开申请最多的{MAX_UNITS}个单位（件）");
    }
    let totals = |code: &str| c.totals.get(code).copied().unwrap_or_default();
    let results = Chart {
        title: "本年度办理结果构成（件）".to_string(),
        labels: RESULTS.iter().map(|s| s.to_string()).collect(),
        series: vec![(
            format!("{}年度", c.year),
            RESULTS.iter().map(|n| figure(n, &totals)).collect(),
        )],
    };
    let mut out = vec![by_unit, results];
    if let Some(p) = prior {
        let prior_values = crate::check::effective_values(p);
        let before = |name: &str| {
            p.format
                .figures
                .iter()
                .find(|f| f.name == name)
                .map(|f| {
                    f.value(p.format, &|code| {
                        prior_values.get(code).copied().unwrap_or_default()
                    })
                })
                .unwrap_or_default()
        };
        let prior_year = p.year.map_or("上年".to_string(), |y| format!("{y}年度"));
        out.push(Chart {
            title: "主要数字与上年比较（件）".to_string(),
            labels: MAIN.iter().map(|s| s.to_string()).collect(),
            series: vec![
                (
                    format!("{}年度", c.year),
                    MAIN.iter().map(|n| figure(n, &totals)).collect(),
                ),
                (prior_year, MAIN.iter().map(|n| before(n)).collect()),
            ],
        });
    }
    out
}

/// Columns the charts take on the printed page; the numbers they plot sit to the right of
/// them, outside the print area.
const CHART_COLUMNS: u16 = 12;
/// Width of those columns: 61 px in Excel, where two 360 px charts fit side by side in them,
/// and wider in a LibreOffice without Calibri (see [`crate::write::print::column_points`]),
/// where they still fit an A4 landscape page at full size.
const CHART_COLUMN_WIDTH: f64 = 8.0;
/// Rows of one chart (20 px each, for a 250 px chart).
const CHART_ROWS: u32 = 13;
/// First column of the numbers.
const DATA_COLUMN: u16 = CHART_COLUMNS + 1;

/// Adds the chart sheet to 汇总.xlsx: one native chart per [`Chart`], two side by side, so
/// the sheet prints on one A4 landscape page; the numbers they plot are on the same sheet,
/// to the right.
pub fn add_chart_sheet(workbook: &mut Workbook, charts: &[Chart]) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    for c in 0..CHART_COLUMNS {
        sheet.set_column_width(c, CHART_COLUMN_WIDTH)?;
    }
    sheet.set_column_width(DATA_COLUMN, 28)?;
    let mut row = 0u32;
    for (i, chart) in charts.iter().enumerate() {
        let first = row + 1;
        let x = DATA_COLUMN;
        sheet.write_string(row, x, &chart.title)?;
        for (s, (name, _)) in chart.series.iter().enumerate() {
            sheet.write_string(row, x + 1 + s as u16, name)?;
        }
        for (k, label) in chart.labels.iter().enumerate() {
            let r = first + k as u32;
            sheet.write_string(r, x, label)?;
            for (s, (_, values)) in chart.series.iter().enumerate() {
                let v = values.get(k).copied().unwrap_or_default();
                sheet.write_number(r, x + 1 + s as u16, decimal_f64(v))?;
            }
        }
        let last = first + chart.labels.len().max(1) as u32 - 1;
        let mut native = XChart::new(if i == 1 {
            ChartType::Pie
        } else {
            ChartType::Column
        });
        native
            .title()
            .set_name(&chart.title)
            .set_font(ChartFont::new().set_size(11).set_bold());
        for (s, (name, _)) in chart.series.iter().enumerate() {
            let col = x + 1 + s as u16;
            native
                .add_series()
                .set_name(name)
                .set_categories((SHEET, first, x, last, x))
                .set_values((SHEET, first, col, last, col));
        }
        if chart.series.len() == 1 && i != 1 {
            native.legend().set_hidden();
        }
        native.set_width(360).set_height(250);
        let at_row = CHART_ROWS * (i as u32 / 2);
        let at_col = (CHART_COLUMNS / 2) * (i as u16 % 2);
        sheet.insert_chart(at_row, at_col, &native)?;
        row = last + 2;
    }
    let rows = CHART_ROWS * (charts.len() as u32).div_ceil(2);
    sheet.set_print_area(0, 0, rows.max(1) - 1, CHART_COLUMNS - 1)?;
    let widths = [CHART_COLUMN_WIDTH; CHART_COLUMNS as usize];
    crate::write::print::setup(sheet, &widths, f64::from(rows) * 15.0, 11.0);
    Ok(())
}

fn decimal_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}
