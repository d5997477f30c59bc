//! Many units' templates from one workbook.
//!
//! A roster of a thousand units gets a thousand templates that differ only in the unit's
//! name, code, preparer and phone. Building each with rust_xlsxwriter means styling,
//! laying out and compressing the same sheets a thousand times (5 ms apiece). Instead the
//! template is built once with a marker in each of those fields; each unit's copy then
//! carries over the unchanged parts of the zip as they are, still compressed, and only the
//! few parts holding a marker are rewritten with the unit's text, escaped for XML.
//!
//! An empty field is a blank cell, not an empty text, so the markers depend on which fields
//! are empty: one model workbook per combination (a roster rarely has more than two).

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use rust_xlsxwriter::XlsxError;

use crate::format::Format;
use crate::write::template::{Header, Values, workbook_bytes};

/// The fields that vary by unit, with their markers: private-use characters, which no roster
/// holds and which XML carries unchanged.
const FIELDS: [&str; 4] = [
    "\u{E000}xxgk:unit\u{E001}",
    "\u{E000}xxgk:code\u{E001}",
    "\u{E000}xxgk:preparer\u{E001}",
    "\u{E000}xxgk:phone\u{E001}",
];

/// Writes the templates of one format and year for many units.
pub struct Stamper<'f> {
    format: &'f Format,
    year: Option<u16>,
    models: std::sync::Mutex<HashMap<[bool; 4], std::sync::Arc<Model>>>,
}

/// A template with markers: its zip entries, the ones with markers as text.
struct Model {
    bytes: Vec<u8>,
    /// For each entry: its XML when it holds a marker.
    marked: Vec<Option<String>>,
}

impl<'f> Stamper<'f> {
    pub fn new(format: &'f Format, year: Option<u16>) -> Stamper<'f> {
        Stamper {
            format,
            year,
            models: Default::default(),
        }
    }

    /// The `.xlsx` bytes of one unit's template: the same workbook as
    /// [`workbook_bytes`] writes for `header`, packed differently.
    ///
    /// ```
    /// use xxgk::template::Header;
    /// let format = xxgk::format::Format::for_year(2025);
    /// let stamper = xxgk::stamp::Stamper::new(format, Some(2025));
    /// let header = Header { unit: "前进街道".into(), year: Some(2025), ..Header::default() };
    /// let bytes = stamper.template(&header).unwrap();
    /// let grids = xxgk::read::read_bytes(&bytes).unwrap().grids;
    /// let filing = xxgk::filing::Filing::from_grids(&grids).unwrap();
    /// assert_eq!(filing.unit, "前进街道");
    /// ```
    pub fn template(&self, header: &Header) -> Result<Vec<u8>, XlsxError> {
        let values = [
            &header.unit,
            &header.unit_code,
            &header.preparer,
            &header.phone,
        ];
        let present = values.map(|v| !v.is_empty());
        let model = self.model(present, header)?;
        stamp(&model, &values).map_err(|e| XlsxError::ParameterError(e.to_string()))
    }

    fn model(
        &self,
        present: [bool; 4],
        header: &Header,
    ) -> Result<std::sync::Arc<Model>, XlsxError> {
        if let Some(m) = self
            .models
            .lock()
            .ok()
            .and_then(|m| m.get(&present).cloned())
        {
            return Ok(m);
        }
        let marker = |i: usize| {
            if present[i] {
                FIELDS[i].to_string()
            } else {
                String::new()
            }
        };
        let marked = Header {
            unit: marker(0),
            unit_code: marker(1),
            preparer: marker(2),
            phone: marker(3),
            year: self.year,
            ..header.clone()
        };
        let bytes = workbook_bytes(self.format, &marked, &Values::new())?;
        let model = std::sync::Arc::new(
            Model::new(bytes).map_err(|e| XlsxError::ParameterError(e.to_string()))?,
        );
        if let Ok(mut models) = self.models.lock() {
            models.insert(present, model.clone());
        }
        Ok(model)
    }
}

impl Model {
    fn new(bytes: Vec<u8>) -> zip::result::ZipResult<Model> {
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes))?;
        let mut marked = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i)?;
            let mut xml = String::new();
            let text = entry.read_to_string(&mut xml).is_ok();
            marked.push((text && FIELDS.iter().any(|f| xml.contains(f))).then_some(xml));
        }
        Ok(Model { bytes, marked })
    }
}

/// One unit's copy of a model.
fn stamp(model: &Model, values: &[&String; 4]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(&model.bytes))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(model.bytes.len())));
    for (i, marked) in model.marked.iter().enumerate() {
        let entry = zip.by_index_raw(i)?;
        let Some(xml) = marked else {
            out.raw_copy_file(entry)?;
            continue;
        };
        let mut options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .system(crate::write::zip_system::SYSTEM);
        if let Some(time) = entry.last_modified() {
            options = options.last_modified_time(time);
        }
        let name = entry.name()?.to_string();
        drop(entry);
        out.start_file(name, options)?;
        let mut text = xml.clone();
        for (field, value) in FIELDS.iter().zip(values) {
            if text.contains(field) {
                text = text.replace(field, &escape(value));
            }
        }
        out.write_all(text.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// Text as XML element or attribute content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cover(bytes: &[u8]) -> Vec<String> {
        let grids = crate::read::read_bytes(bytes).unwrap().grids;
        let cover = grids.iter().find(|g| g.name == "封面").unwrap();
        (0..8)
            .map(|r| match cover.get(r, 1) {
                crate::read::grid::Raw::Text(t) => t.clone(),
                crate::read::grid::Raw::Empty => String::new(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_stamped_template_reads_as_the_built_one() {
        let format = Format::for_year(2025);
        let header = Header {
            unit: "A&B<街道>\"'".into(),
            unit_code: "001".into(),
            phone: "024-1234".into(),
            year: Some(2025),
            ..Header::default()
        };
        let stamped = Stamper::new(format, Some(2025)).template(&header).unwrap();
        let built = workbook_bytes(format, &header, &Values::new()).unwrap();
        assert_eq!(cover(&stamped), cover(&built));
        let read = |b: &[u8]| {
            let grids = crate::read::read_bytes(b).unwrap().grids;
            grids
                .iter()
                .map(|g| (g.name.clone(), g.rows.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(read(&stamped), read(&built));
    }
}
