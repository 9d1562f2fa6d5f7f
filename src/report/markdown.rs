//! `report.md`: the same document in Markdown, the plots linked as the SVG files beside it.

use super::document::{Block, Document, Table};

/// Pipes would end a cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn table(t: &Table) -> String {
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(&t.header);
    out += &format!("|{}\n", "---|".repeat(t.header.len()));
    for row in &t.rows {
        out += &line(row);
    }
    out
}

/// The Markdown text.
pub fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n", doc.title);
    for section in &doc.sections {
        out += &format!("\n## {}\n", section.title);
        for block in &section.blocks {
            out += "\n";
            match block {
                Block::Paragraph(p) => out += &format!("{p}\n"),
                Block::Table(t) => out += &table(t),
                Block::Figure(f) => out += &format!("![{}]({})\n\n{}\n", f.file, f.file, f.caption),
            }
        }
    }
    out
}
