//! Published reports saved as web pages: every `<table>` becomes a Grid, with `colspan` and
//! `rowspan` laid out as merged cells are in a spreadsheet (text in the top-left cell), so the
//! locator reads it like a sheet.

use scraper::{ElementRef, Html, Selector};

use crate::read::grid::{Grid, Raw};

/// The tables of an HTML page as grids, and the page's text (for the narrative check).
pub fn parse(html: &str) -> (Vec<Grid>, String) {
    let doc = Html::parse_document(html);
    let (Ok(tables), Ok(rows), Ok(cells)) = (
        Selector::parse("table"),
        Selector::parse("tr"),
        Selector::parse("td, th"),
    ) else {
        return (Vec::new(), String::new());
    };
    let mut grids = Vec::new();
    for (t, table) in doc.select(&tables).enumerate() {
        // Nested tables are read on their own; take only this table's own rows.
        let own_rows: Vec<ElementRef> = table
            .select(&rows)
            .filter(|tr| {
                tr.ancestors()
                    .filter_map(ElementRef::wrap)
                    .find(|a| a.value().name() == "table")
                    == Some(table)
            })
            .collect();
        let mut grid: Vec<Vec<Option<Raw>>> = Vec::new();
        for (r, tr) in own_rows.iter().enumerate() {
            let mut c = 0;
            for td in tr.select(&cells) {
                if td
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .find(|a| a.value().name() == "tr")
                    != Some(*tr)
                {
                    continue;
                }
                while cell_at(&grid, r, c).is_some() {
                    c += 1;
                }
                let span = |name: &str| {
                    td.value()
                        .attr(name)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, 200)
                };
                let (rs, cs) = (span("rowspan"), span("colspan"));
                let text: String = td.text().collect::<Vec<_>>().join("");
                let text = text.trim().to_string();
                for dr in 0..rs {
                    for dc in 0..cs {
                        let value = if dr == 0 && dc == 0 && !text.is_empty() {
                            // Every cell of a page is text; a plain number is a number.
                            match crate::format::value::ascii_digits(&text).parse::<f64>() {
                                Ok(n) if n.is_finite() => Raw::Number(n),
                                _ => Raw::Text(text.clone()),
                            }
                        } else {
                            Raw::Empty
                        };
                        set(&mut grid, r + dr, c + dc, value);
                    }
                }
                c += cs;
            }
        }
        let rows: Vec<Vec<Raw>> = grid
            .into_iter()
            .map(|row| row.into_iter().map(|c| c.unwrap_or(Raw::Empty)).collect())
            .collect();
        let mut g = Grid::new(&format!("网页表格{}", t + 1), rows);
        // Places in messages: the table and the cell, as a person counts them.
        for (r, row) in g.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !matches!(cell, Raw::Empty) {
                    g.sources.insert(
                        (r as u32, c as u32),
                        format!("网页第{}个表格第{}行第{}列", t + 1, r + 1, c + 1),
                    );
                }
            }
        }
        grids.push(g);
    }
    let text = doc.root_element().text().collect::<Vec<_>>().join("\n");
    (grids, text)
}

fn cell_at(grid: &[Vec<Option<Raw>>], r: usize, c: usize) -> Option<&Raw> {
    grid.get(r)
        .and_then(|row| row.get(c))
        .and_then(Option::as_ref)
}

fn set(grid: &mut Vec<Vec<Option<Raw>>>, r: usize, c: usize, value: Raw) {
    if grid.len() <= r {
        grid.resize_with(r + 1, Vec::new);
    }
    if grid[r].len() <= c {
        grid[r].resize(c + 1, None);
    }
    grid[r][c] = Some(value);
}
