//! `report.html`: one self-contained page. The SVGs are inline (their XML prologue and DOCTYPE removed),
//! the style is inline, nothing is fetched from the network.

use super::document::{Block, Document, Table};

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `<svg>` element of an SVG document, without what may only stand at the top of a file.
fn inline_svg(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |start| &svg[start..])
}

/// Backticks in the document's text mark code.
fn inline_code(text: &str) -> String {
    let escaped = escape(text);
    let mut out = String::new();
    for (i, piece) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out += &format!("<code>{piece}</code>");
        } else {
            out += piece;
        }
    }
    out
}

fn table(t: &Table) -> String {
    let mut out = String::from("<table>\n<thead><tr>");
    for h in &t.header {
        out += &format!("<th>{}</th>", escape(h));
    }
    out += "</tr></thead>\n<tbody>\n";
    for row in &t.rows {
        out += "<tr>";
        for cell in row {
            out += &format!("<td>{}</td>", escape(cell));
        }
        out += "</tr>\n";
    }
    out + "</tbody>\n</table>\n"
}

const STYLE: &str = "body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}\
th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left}\
td{font-variant-numeric:tabular-nums}\
th{background:#f2f2f2}\
figure{margin:1.5em 0}\
figure svg{max-width:100%;height:auto}\
figure.natural{overflow-x:auto}\
figure.natural svg{max-width:none}\
figcaption{font-size:0.9em;color:#444}\
code{background:#f4f4f4;padding:0 0.2em}";

/// The page.
pub fn render(doc: &Document) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&doc.title),
        escape(&doc.title)
    );
    for section in &doc.sections {
        out += &format!("<h2>{}</h2>\n", escape(&section.title));
        for block in &section.blocks {
            match block {
                Block::Paragraph(p) => out += &format!("<p>{}</p>\n", inline_code(p)),
                Block::Table(t) => out += &table(t),
                Block::Figure(f) => {
                    out += &format!(
                        "<figure id=\"{}\"{}>\n{}\n<figcaption>{} (<code>{}</code>)</figcaption>\n</figure>\n",
                        escape(&f.file),
                        if f.natural_size {
                            " class=\"natural\""
                        } else {
                            ""
                        },
                        inline_svg(&f.svg).trim_end(),
                        inline_code(&f.caption),
                        escape(&f.file)
                    )
                }
            }
        }
    }
    out + "</body>\n</html>\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prologue_goes_and_text_is_escaped() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg width=\"1\"></svg>";
        assert_eq!(inline_svg(svg), "<svg width=\"1\"></svg>");
        assert_eq!(inline_code("a < b `x&y`"), "a &lt; b <code>x&amp;y</code>");
    }
}
