//! Print setup shared by every printed sheet: A4 landscape at a fixed scale that xxgk works
//! out itself from the column widths and row heights it writes.
//!
//! “Fit to page width” lets the spreadsheet program shrink a wide sheet without limit; the
//! findings of a consolidation printed at about 5 pt that way. A fixed scale, no smaller than
//! keeps the smallest font of the sheet at [`MIN_PRINTED_PT`], is legible by construction and
//! can be read back from the file (`<pageSetup scale=…>`). A sheet that does not fit the page
//! at that scale goes on to further pages, with its headings repeated.
//!
//! Column widths are measured the widest way a program may print them (see
//! [`column_points`]), so a sheet that fits here fits in Excel, WPS and LibreOffice alike.
//!
//! ```
//! // 30 columns 10 characters wide do not fit: printed at the smallest legible scale.
//! assert_eq!(xxgk::print::scale(&[10.0; 30], 100.0, 10.0), 90);
//! // A small sheet is printed at full size.
//! assert_eq!(xxgk::print::scale(&[10.0; 5], 100.0, 10.0), 100);
//! // A sheet a little too long is shrunk onto one page; a much longer one is not.
//! assert_eq!(xxgk::print::scale(&[10.0; 5], 540.0, 10.0), 93);
//! assert_eq!(xxgk::print::scale(&[10.0; 5], 600.0, 10.0), 100);
//! assert_eq!(xxgk::print::legible_scale(11.0), 82);
//! ```

use rust_xlsxwriter::Worksheet;

/// The smallest font size, in points, that any printed text may have after scaling.
pub const MIN_PRINTED_PT: f64 = 9.0;
/// Margins in inches: left/right and top/bottom.
const MARGIN_SIDE: f64 = 0.5;
const MARGIN_TOP: f64 = 0.5;
/// Width and height of A4 landscape inside the margins, in points.
pub const PAGE_WIDTH: f64 = 841.89 - 2.0 * 72.0 * MARGIN_SIDE;
const PAGE_HEIGHT: f64 = 595.28 - 2.0 * 72.0 * MARGIN_TOP;
/// Share of the page that is used, so rounding in the program that prints does not push
/// the last column or row onto a page of its own.
const SAFETY: f64 = 0.97;

/// Printed width in points of a column `width` characters wide, at most. A character is the
/// digit width of the workbook's default font, Calibri: 7 pixels in Excel, but 9⅓ pixels in a
/// LibreOffice that lacks Calibri and measures with DejaVu Sans instead. The wider measure
/// is taken (plus the 0.71 character of padding the file stores); a pixel is ¾ point.
pub fn column_points(width: f64) -> f64 {
    (width + 0.71) * 9.5 * 0.75
}

/// The smallest scale, in percent, at which `min_font` still prints at [`MIN_PRINTED_PT`].
pub fn legible_scale(min_font: f64) -> u16 {
    (MIN_PRINTED_PT / min_font * 100.0).ceil() as u16
}

/// The print scale in percent: as large as fits the whole sheet on one page, at most 100,
/// and never so small that `min_font` prints below [`MIN_PRINTED_PT`]. A sheet too long for
/// one legible page goes on over pages anyway, so only its width counts then.
pub fn scale(widths: &[f64], height: f64, min_font: f64) -> u16 {
    let width: f64 = widths.iter().copied().map(column_points).sum();
    let floor = f64::from(legible_scale(min_font));
    let by_width = PAGE_WIDTH * SAFETY / width * 100.0;
    let by_page = by_width.min(PAGE_HEIGHT * SAFETY / height.max(1.0) * 100.0);
    let fit = if by_page >= floor { by_page } else { by_width };
    fit.floor().clamp(floor, 100.0) as u16
}

/// Whether columns of these widths fit the page width at the smallest legible scale.
pub fn fits_width(widths: &[f64], min_font: f64) -> bool {
    let width: f64 = widths.iter().copied().map(column_points).sum();
    width * f64::from(legible_scale(min_font)) / 100.0 <= PAGE_WIDTH * SAFETY
}

/// A4 landscape, centred, at [`scale`] for these column widths, total row height (points)
/// and smallest font size of the sheet.
pub fn setup(sheet: &mut Worksheet, widths: &[f64], height: f64, min_font: f64) {
    setup_at(sheet, scale(widths, height, min_font));
}

/// A4 landscape, centred, at `scale` percent.
pub fn setup_at(sheet: &mut Worksheet, scale: u16) {
    sheet.set_paper_size(9); // A4
    sheet.set_landscape();
    sheet.set_print_scale(scale);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(MARGIN_SIDE, MARGIN_SIDE, MARGIN_TOP, MARGIN_TOP, 0.3, 0.3);
}
