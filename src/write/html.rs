//! The report as one self-contained HTML page (汇总报告.html, `xxgk report -o X.html`): no
//! scripts, no links, no web fonts, so it opens offline and prints on A4. Tables have real
//! borders and the official tables their merged headers (rowspan and colspan from the same
//! layout as the template); the charts are inline SVG whose labels the browser's own fonts
//! render.
//!
//! ```
//! use xxgk::write::document::{Block, Document, Span};
//! let mut doc = Document::new("甲<乙>");
//! doc.blocks.push(Block::Para(vec![Span::Text("a & b".into())]));
//! let html = xxgk::write::html::html(&doc);
//! assert!(html.contains(r#"<meta charset="utf-8">"#));
//! assert!(html.contains("甲&lt;乙&gt;") && html.contains("a &amp; b"));
//! ```

use rust_decimal::Decimal;

use crate::format::layout::Role;
use crate::write::document::{Block, Chart, DRAFT_HEADING, Document, Draft, Grid, Item, Span};
use crate::write::official;

/// Fonts by role, as Chinese Windows, macOS and Linux name them, in order of preference.
const TITLE_FONTS: &str = r#""方正小标宋简体", "FZXiaoBiaoSong-B05S", "宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif"#;
const BODY_FONTS: &str = r#""仿宋", "FangSong", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", "WenQuanYi Micro Hei", serif"#;
const HEADING_FONTS: &str =
    r#""黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif"#;
const SUBHEADING_FONTS: &str =
    r#""楷体", "KaiTi", "楷体_GB2312", "STKaiti", "Noto Serif CJK SC", serif"#;
const TABLE_FONTS: &str =
    r#""宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", serif"#;

/// The whole page.
pub fn html(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", esc(&doc.title)));
    out.push_str(&format!("<style>\n{}</style>\n</head>\n<body>\n", css()));
    out.push_str(&format!("<h1>{}</h1>\n", esc(&doc.title)));
    for block in &doc.blocks {
        out.push_str(&block_html(block));
    }
    if let Some(draft) = &doc.draft {
        out.push_str(&draft_html(draft));
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn css() -> String {
    format!(
        r#"@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: {BODY_FONTS}; font-size: 16pt; line-height: 28pt; max-width: 156mm; margin: 2em auto; color: #000; background: #fff; }}
h1, .draft-title {{ font-family: {TITLE_FONTS}; font-size: 22pt; line-height: 1.4; text-align: center; font-weight: normal; margin: 0 0 28pt; }}
h2 {{ font-family: {HEADING_FONTS}; font-size: 16pt; font-weight: normal; margin: 14pt 0 0; }}
h3 {{ font-family: {SUBHEADING_FONTS}; font-size: 16pt; font-weight: normal; margin: 14pt 0 0; }}
p {{ text-indent: 2em; margin: 0; text-align: justify; }}
.placeholder {{ background: #fff3a0; }}
.note {{ border-left: 4px solid #c00; padding-left: 8pt; text-indent: 0; }}
ul {{ font-size: 14pt; line-height: 20pt; margin: 4pt 0 8pt; padding-left: 2em; }}
ul ul {{ margin: 0; }}
code {{ font-family: {TABLE_FONTS}; }}
table {{ border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; font-family: {TABLE_FONTS}; font-size: 9pt; line-height: 1.35; page-break-inside: auto; }}
th, td {{ border: 1px solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; }}
th {{ font-weight: bold; }}
td.label {{ text-align: left; }}
td.num {{ text-align: right; }}
tr {{ page-break-inside: avoid; }}
.draft {{ margin-top: 28pt; }}
figure {{ margin: 8pt 0 16pt; page-break-inside: avoid; }}
figcaption {{ font-family: {HEADING_FONTS}; font-size: 12pt; text-align: center; line-height: 1.5; }}
svg text {{ font-family: {HEADING_FONTS}; }}
@media print {{ body {{ margin: 0; max-width: none; }} .draft {{ page-break-before: always; }} }}
"#
    )
}

/// Escapes text for HTML.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn spans_html(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) | Span::Raw(t) => esc(t),
            Span::Bold(t) => format!("<strong>{}</strong>", esc(t)),
            Span::Code(t) => format!("<code>{}</code>", esc(t)),
        })
        .collect()
}

fn item_html(item: &Item) -> String {
    let mut out = format!("<li>{}", spans_html(&item.spans));
    if !item.subs.is_empty() {
        out.push_str("<ul>");
        for sub in &item.subs {
            out.push_str(&format!("<li>{}</li>", spans_html(sub)));
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>\n");
    out
}

fn block_html(block: &Block) -> String {
    match block {
        Block::Heading(level, text) => {
            let level = (*level).clamp(2, 3);
            format!("<h{level}>{}</h{level}>\n", esc(text))
        }
        Block::Para(spans) => format!("<p>{}</p>\n", spans_html(spans)),
        Block::Note(spans) => format!("<p class=\"note\">{}</p>\n", spans_html(spans)),
        Block::List(items) => format!(
            "<ul>\n{}</ul>\n",
            items.iter().map(item_html).collect::<String>()
        ),
        Block::Grid(grid) => grid_html(grid),
        Block::Chart(chart) => chart_svg(chart),
    }
}

fn grid_html(grid: &Grid) -> String {
    let mut out = String::from("<table>\n<thead><tr>");
    for h in &grid.headers {
        out.push_str(&format!("<th>{}</th>", esc(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &grid.rows {
        out.push_str("<tr>");
        for (c, cell) in row.iter().enumerate() {
            let class = if grid.right.get(c).copied().unwrap_or(false) {
                "num"
            } else {
                "label"
            };
            out.push_str(&format!("<td class=\"{class}\">{}</td>", esc(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn draft_html(draft: &Draft) -> String {
    let mut out: String = draft
        .notes
        .iter()
        .map(|n| block_html(&Block::Note(n.clone())))
        .collect();
    out.push_str(&format!(
        "<section class=\"draft\" id=\"draft\">\n<h2>{}</h2>\n<div class=\"draft-title\">{}</div>\n",
        esc(DRAFT_HEADING),
        esc(&draft.title)
    ));
    for section in &draft.sections {
        out.push_str(&format!("<h3>{}</h3>\n", esc(&section.title)));
        if !section.sentences.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", esc(&section.sentences.concat())));
        }
        if let Some(text) = &section.placeholder {
            out.push_str(&format!(
                "<p><span class=\"placeholder\">{}</span></p>\n",
                esc(text)
            ));
        }
        if let Some(t) = section.table {
            for grid in official::grids(draft.format, t, &|code| draft.value(code)) {
                out.push_str(&official_html(&grid));
            }
        }
    }
    out.push_str("</section>\n");
    out
}

/// An official table block with rowspan and colspan as laid out.
pub fn official_html(grid: &official::Grid) -> String {
    let weights = grid.weights();
    let total: f64 = weights.iter().sum::<f64>().max(1.0);
    let mut out = String::from("<table class=\"official\">\n<colgroup>");
    for w in &weights {
        out.push_str(&format!("<col style=\"width:{:.1}%\">", w / total * 100.0));
    }
    out.push_str("</colgroup>\n");
    for r in 0..grid.height {
        out.push_str("<tr>");
        for cell in grid.cells.iter().filter(|c| c.row == r) {
            let tag = match cell.role {
                Some(Role::ColumnHeader | Role::Caption | Role::Corner) => "th",
                _ => "td",
            };
            let class = match cell.role {
                Some(Role::RowLabel) if cell.rows == 1 => " class=\"label\"",
                _ => "",
            };
            let mut attrs = String::new();
            if cell.rows > 1 {
                attrs.push_str(&format!(" rowspan=\"{}\"", cell.rows));
            }
            if cell.cols > 1 {
                attrs.push_str(&format!(" colspan=\"{}\"", cell.cols));
            }
            out.push_str(&format!("<{tag}{attrs}{class}>{}</{tag}>", esc(&cell.text)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// Colours of the series: this year, last year.
const COLOURS: [&str; 2] = ["#3366aa", "#bbbbbb"];

/// A bar chart as inline SVG: one group of bars per label, values written above the bars.
pub fn chart_svg(chart: &Chart) -> String {
    let n = chart.labels.len().max(1);
    let series = chart.series.len().max(1);
    // Many units: names slant (room below and to the left), values go without labels.
    let slant = n > 8;
    let (left, bottom) = if slant { (80.0, 110.0) } else { (40.0, 70.0) };
    let (width, height, top) = (600.0, 230.0 + bottom, 20.0);
    let plot_h = height - top - bottom;
    let max = chart
        .series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or_default()
        .max(Decimal::ONE);
    let max_f: f64 = max.to_string().parse().unwrap_or(1.0);
    let slot = (width - left - 10.0) / n as f64;
    let bar = (slot * 0.7 / series as f64).min(40.0);
    let mut svg = format!(
        "<figure>\n<figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\">\n",
        esc(&chart.title),
        esc(&chart.title)
    );
    svg.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#000\"/>\n",
        top + plot_h,
        width - 10.0,
        top + plot_h
    ));
    // Gridlines at a half and the whole of the largest value, labelled on the left.
    for part in [2u32, 1] {
        let value = (max / Decimal::from(part)).round_dp(1).normalize();
        let y = top + plot_h - plot_h / f64::from(part);
        svg.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#ccc\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{value}</text>\n",
            width - 10.0,
            left - 4.0,
            y + 3.0
        ));
    }
    for (k, label) in chart.labels.iter().enumerate() {
        let x0 = left + slot * k as f64 + (slot - bar * series as f64) / 2.0;
        for (s, (_, values)) in chart.series.iter().enumerate() {
            let v = values.get(k).copied().unwrap_or_default();
            let vf: f64 = v.to_string().parse().unwrap_or(0.0);
            let h = (vf / max_f * plot_h).max(0.0);
            let x = x0 + bar * s as f64;
            let y = top + plot_h - h;
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{} {}</title></rect>\n",
                COLOURS[s % COLOURS.len()],
                esc(label),
                v.normalize()
            ));
            if n <= 12 {
                svg.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                    x + bar / 2.0,
                    y - 3.0,
                    v.normalize()
                ));
            }
        }
        let cx = left + slot * k as f64 + slot / 2.0;
        let y = top + plot_h + 16.0;
        let (anchor, turn) = if slant {
            ("end", format!(" transform=\"rotate(-60 {cx:.1} {y:.1})\""))
        } else {
            ("middle", String::new())
        };
        svg.push_str(&format!(
            "<text x=\"{cx:.1}\" y=\"{y:.1}\" font-size=\"11\" text-anchor=\"{anchor}\"{turn}>{}</text>\n",
            esc(label)
        ));
    }
    if chart.series.len() > 1 {
        for (s, (name, _)) in chart.series.iter().enumerate() {
            let x = left + 10.0 + 110.0 * s as f64;
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n",
                height - 22.0,
                COLOURS[s % COLOURS.len()],
                x + 16.0,
                height - 12.0,
                esc(name)
            ));
        }
    }
    svg.push_str("</svg>\n</figure>\n");
    svg
}
