//! The report as a document: sections of paragraphs, tables and figures, rendered once to HTML
//! (`html.rs`) and once to Markdown (`markdown.rs`). Numbers are formatted here, for reading.

/// A table with a header row; every cell is already formatted text.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// A figure: an SVG file of the output folder with its caption.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// File name inside the output folder, e.g. `gcc.svg`.
    pub file: String,
    pub caption: String,
    pub svg: String,
    /// Shown at its own size (scrolling sideways) rather than shrunk to the page: Graphviz flowsheets.
    pub natural_size: bool,
}

/// One piece of a section, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(String),
    Table(Table),
    Figure(Figure),
}

/// A titled section.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(title: &str) -> Section {
        Section {
            title: title.to_string(),
            blocks: Vec::new(),
        }
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    pub fn figure(&mut self, figure: Figure) {
        self.blocks.push(Block::Figure(figure));
    }
}

/// The whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub title: String,
    pub sections: Vec<Section>,
}

impl Document {
    /// Every figure, in order.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Figure(f) => Some(f),
                _ => None,
            })
        })
    }
}

/// `value` rounded to `decimals`, thousands grouped with a thin space: `1 234 567.8`; "-0" becomes "0".
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "-".into();
    }
    let text = format!("{:.decimals$}", value.abs());
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), ""), |(w, f)| (w, f));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('\u{2009}');
        }
        grouped.push(digit);
    }
    let is_zero = text.chars().all(|c| c == '0' || c == '.');
    let sign = if value < 0.0 && !is_zero { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

/// [`number`] or "-" when absent.
pub fn maybe(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "-".to_string(), |v| number(v, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_rounded() {
        assert_eq!(number(1234567.891, 0), "1\u{2009}234\u{2009}568");
        assert_eq!(number(-1234.5, 1), "-1\u{2009}234.5");
        assert_eq!(number(999.96, 1), "1\u{2009}000.0");
        assert_eq!(number(-0.0001, 2), "0.00");
        assert_eq!(number(12.0, 0), "12");
        assert_eq!(maybe(None, 2), "-");
    }
}
