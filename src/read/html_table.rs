//! Tables written as raw HTML inside a Markdown plan.
//!
//! A table with merged cells cannot be written as a pipe table, so plans
//! exported from web editors, and council templates pasted into Markdown,
//! carry `<table>` blocks. This reads them onto the same grid as Word's
//! tables: `colspan` is a cell's span, a `rowspan` cell is carried down into
//! the rows it covers (as Word's vertical merge is), `<thead>` rows and rows
//! of `<th>` cells are header rows, and `<br>`, `<p>`, `<div>` and `<li>`
//! break the text as they do on screen.
//!
//! It is a tolerant reader, not an HTML parser: a cell or row left unclosed
//! ends where the next one starts, unknown tags are dropped with their text
//! kept, and entities other than the common ones stay as written. It fails
//! only on a table past the table limits; tables nested deeper than
//! `max_table_depth` are read as text.
//!
//! A `rowspan` cell carried down shares its content with the cell it came
//! from, so a large cell spanning many rows is held once, and the carried
//! cells are kept by column, so each row costs the cells it has, not the
//! width of the widest row.

use super::ReadError;
use crate::types::limits::Limits;
use crate::types::model::{Cell, CellContent, CellPart, ListMark, Paragraph, Row, Table};
use std::collections::BTreeMap;

/// Every top-level table in `html`, in order.
pub fn tables(html: &str, limits: &Limits) -> Result<Vec<Table>, ReadError> {
    let mut reader =
        Reader { stack: Vec::new(), done: Vec::new(), max_depth: limits.table_depth().max(1), skipped: 0, limits };
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        reader.text(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        let Some(end) = tag_end(rest) else {
            // A lone '<' is text ("age < 5").
            reader.text("<");
            rest = &rest[1..];
            continue;
        };
        reader.tag(&rest[1..end])?;
        rest = &rest[end + 1..];
    }
    reader.text(rest);
    while !reader.stack.is_empty() {
        reader.close_table()?;
    }
    Ok(reader.done)
}

/// The index of the '>' that closes the tag opening `s`, skipping quoted
/// attribute values; `None` when `s` does not start a tag.
pub(super) fn tag_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let first = *bytes.get(1)?;
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'!') {
        return None;
    }
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i),
            None if b == b'<' => return None,
            None => {}
        }
    }
    None
}

/// A table being read.
#[derive(Default)]
struct Building {
    rows: Vec<Row>,
    row: Option<Row>,
    cell: Option<CellText>,
    in_head: bool,
    /// By grid column: rows still to carry a `rowspan` cell into, and the
    /// cell to carry.
    carry: BTreeMap<usize, (usize, Cell)>,
    /// `<td>` cells in the row being read: a row of `<th>` only is a header.
    data_cells: usize,
    /// Cells in the whole table so far, for `max_table_cells`.
    cells: usize,
}

#[derive(Default)]
struct CellText {
    paragraphs: Vec<Paragraph>,
    current: Paragraph,
    strong: usize,
    header: bool,
    colspan: usize,
    rowspan: usize,
    nested: Vec<Table>,
    /// The paragraphs and nested tables in the order they stand.
    order: Vec<CellPart>,
    /// The lists open in the cell, innermost last: numbered or not.
    lists: Vec<bool>,
    /// Lists opened past the depth kept in `lists`.
    deep_lists: usize,
    /// Inside an `li`: a paragraph inside it is more of the item.
    in_item: bool,
}

impl CellText {
    fn push(&mut self, s: &str) {
        // HTML collapses white space, also across tags; line breaks come
        // from tags, and a paragraph starts and ends without spaces.
        super::html::push_collapsed(&mut self.current, s, self.strong > 0);
    }

    fn line_break(&mut self) {
        let keep = self.current.text.trim_end_matches(' ').len();
        self.current.text.truncate(keep);
        // Ranges are in order: only the last can reach past `keep` (by the
        // trailing space), so this costs nothing per break however many
        // bold runs the paragraph has.
        while let Some(r) = self.current.bold.last_mut()
            && r.end > keep
        {
            r.end = keep;
            if r.start >= r.end {
                self.current.bold.pop();
            } else {
                break;
            }
        }
        self.current.text.push('\n');
    }

    fn break_paragraph(&mut self) {
        let mut p = std::mem::take(&mut self.current);
        if !p.text.trim().is_empty() {
            super::markdown::trim_para(&mut p);
            self.order.push(CellPart::Paragraph(self.paragraphs.len()));
            self.paragraphs.push(p);
        }
    }

    /// A list in the cell opens (`ul`, `ol`) or closes.
    fn list(&mut self, ordered: bool, closing: bool) {
        self.break_paragraph();
        self.in_item = false;
        if closing {
            if self.deep_lists > 0 {
                self.deep_lists -= 1;
            } else {
                self.lists.pop();
            }
        } else if self.lists.len() < MAX_LIST_LEVEL {
            self.lists.push(ordered);
        } else {
            self.deep_lists += 1;
        }
    }

    /// An item of the cell's list starts (`li`) or ends: each is a
    /// paragraph of its own, marked as an item (the row's other cells are
    /// shared by every item).
    fn item(&mut self, closing: bool) {
        self.break_paragraph();
        self.in_item = !closing;
        if !closing {
            let level = self.lists.len().saturating_sub(1) as u8;
            self.current.list = Some(ListMark { level, ordered: self.lists.last().copied().unwrap_or(false) });
        }
    }
}

struct Reader<'l> {
    stack: Vec<Building>,
    done: Vec<Table>,
    max_depth: usize,
    /// Tables open beyond `max_depth`, whose markup is ignored.
    skipped: usize,
    limits: &'l Limits,
}

impl Reader<'_> {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let Some(table) = self.stack.last_mut() else { return };
        // Text outside any cell (white space between tags, a caption) is
        // not part of the grid.
        if let Some(cell) = table.cell.as_mut() {
            cell.push(&decode(raw));
        }
    }

    fn tag(&mut self, inner: &str) -> Result<(), ReadError> {
        let closing = inner.starts_with('/');
        let body = inner.trim_start_matches('/');
        let name_end = body.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        let attrs = &body[name_end..];
        if self.skipped > 0 && matches!(name.as_str(), "table" | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th") {
            match (name.as_str(), closing) {
                ("table", false) => self.skipped += 1,
                ("table", true) => self.skipped -= 1,
                _ => self.text(" "),
            }
            return Ok(());
        }
        match (name.as_str(), closing) {
            ("table", false) => {
                if self.stack.len() >= self.max_depth {
                    self.skipped = 1;
                    return Ok(());
                }
                self.stack.push(Building::default());
            }
            ("table", true) => self.close_table()?,
            _ if self.stack.is_empty() => {}
            ("thead", closing) => {
                let t = self.stack.last_mut().expect("a table is open");
                t.in_head = !closing;
            }
            ("tr", false) => {
                self.close_row()?;
                let t = self.stack.last_mut().expect("a table is open");
                t.row = Some(Row { header: t.in_head, ..Default::default() });
                self.limits.check_table(t.rows.len() + 1, 0, t.cells)?;
            }
            ("tr", true) => self.close_row()?,
            ("td" | "th", false) => {
                self.close_cell()?;
                let t = self.stack.last_mut().expect("a table is open");
                if t.row.is_none() {
                    t.row = Some(Row { header: t.in_head, ..Default::default() });
                }
                t.cells += 1;
                self.limits.check_table(t.rows.len() + 1, 0, t.cells)?;
                t.cell = Some(CellText {
                    header: name == "th",
                    colspan: attr_number(attrs, "colspan").unwrap_or(1).clamp(1, 1000),
                    rowspan: attr_number(attrs, "rowspan").unwrap_or(1).clamp(1, 10_000),
                    ..Default::default()
                });
            }
            ("td" | "th", true) => self.close_cell()?,
            ("br", _) => {
                if let Some(cell) = self.cell() {
                    cell.line_break();
                }
            }
            ("ul" | "ol", closing) => {
                if let Some(cell) = self.cell() {
                    cell.list(name == "ol", closing);
                }
            }
            ("li", closing) => {
                if let Some(cell) = self.cell() {
                    cell.item(closing);
                }
            }
            // A paragraph inside a list item is more of the item's text.
            ("p" | "div", _) if self.cell().is_some_and(|c| c.in_item) => {
                if let Some(cell) = self.cell()
                    && !cell.current.text.trim().is_empty()
                {
                    cell.line_break();
                }
            }
            ("p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) => {
                if let Some(cell) = self.cell() {
                    cell.break_paragraph();
                }
            }
            ("strong" | "b", closing) => {
                if let Some(cell) = self.cell() {
                    cell.strong = if closing { cell.strong.saturating_sub(1) } else { cell.strong + 1 };
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn cell(&mut self) -> Option<&mut CellText> {
        self.stack.last_mut().and_then(|t| t.cell.as_mut())
    }

    fn close_cell(&mut self) -> Result<(), ReadError> {
        let Some(t) = self.stack.last_mut() else { return Ok(()) };
        let Some(mut text) = t.cell.take() else { return Ok(()) };
        text.break_paragraph();
        let row = t.row.get_or_insert_with(Row::default);
        let mut col = row.cells.last().map_or(0, |c| c.col + c.span);
        // Cells carried down from a row above come first where they stand.
        while let Some((_, carried)) = t.carry.get(&col) {
            let mut cell = carried.clone();
            cell.col = col;
            col += cell.span;
            row.cells.push(cell);
        }
        let header = text.header;
        let mut content = CellContent::new(text.paragraphs, text.nested);
        if !content.nested.is_empty() {
            content.order = text.order;
        }
        let cell = Cell { content: content.into(), col, span: text.colspan, ..Default::default() };
        self.limits.check_table(t.rows.len() + 1, col + cell.span, t.cells)?;
        if text.rowspan > 1 {
            let mut carried = cell.clone();
            carried.merged_from_above = true;
            // Counted down as each row closes, this one included.
            t.carry.insert(col, (text.rowspan, carried));
        }
        row.cells.push(cell);
        if !header {
            t.data_cells += 1;
        }
        Ok(())
    }

    fn close_row(&mut self) -> Result<(), ReadError> {
        self.close_cell()?;
        let Some(t) = self.stack.last_mut() else { return Ok(()) };
        let Some(mut row) = t.row.take() else { return Ok(()) };
        // Carried cells after the last cell of this row, each where it
        // stands unless a cell before it already covers its column.
        let mut col = row.cells.last().map_or(0, |c| c.col + c.span);
        for (&at, (_, carried)) in t.carry.range(col..) {
            if at < col {
                continue;
            }
            let mut cell = carried.clone();
            cell.col = at;
            col = at + cell.span;
            row.cells.push(cell);
        }
        self.limits.check_table(t.rows.len() + 1, col, t.cells)?;
        t.carry.retain(|_, (left, _)| {
            *left -= 1;
            *left > 0
        });
        row.header |= std::mem::take(&mut t.data_cells) == 0 && !row.cells.is_empty();
        if !row.cells.is_empty() {
            t.rows.push(row);
        }
        Ok(())
    }

    fn close_table(&mut self) -> Result<(), ReadError> {
        if self.stack.is_empty() {
            return Ok(());
        }
        self.close_row()?;
        let Some(built) = self.stack.pop() else { return Ok(()) };
        let table = Table { rows: built.rows };
        match self.stack.last_mut() {
            Some(outer) => {
                // A table between an outer table's cells has nowhere to go.
                if let Some(cell) = outer.cell.as_mut() {
                    cell.break_paragraph();
                    cell.order.push(CellPart::Table(cell.nested.len()));
                    cell.nested.push(table);
                }
            }
            None => {
                if !table.rows.is_empty() {
                    self.done.push(table);
                }
            }
        }
        Ok(())
    }
}

/// The deepest list level in a cell kept apart: deeper lists are read at
/// this level.
const MAX_LIST_LEVEL: usize = 8;

/// The number in `name="3"` (or `name=3`) among a tag's attributes.
fn attr_number(attrs: &str, name: &str) -> Option<usize> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start().trim_start_matches(['"', '\'']);
        let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
        return digits.parse().ok();
    }
    None
}

/// Decode the entities a plan's HTML uses; others stay as written.
pub(super) fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // A reference is short: its ';' comes within 12 bytes of the '&' or
        // the '&' is text. Searched as bytes, since 12 bytes may end inside
        // a character ("& cyfarfod â'r").
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "ndash" => Some('–'),
            "mdash" => Some('—'),
            "rsquo" => Some('’'),
            "lsquo" => Some('‘'),
            "hellip" => Some('…'),
            "middot" => Some('·'),
            "bull" => Some('•'),
            "ldquo" => Some('“'),
            "rdquo" => Some('”'),
            "pound" => Some('£'),
            "euro" => Some('€'),
            "frac12" => Some('½'),
            "times" => Some('×'),
            "deg" => Some('°'),
            "shy" => Some('\u{ad}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(html: &str, max_table_depth: usize) -> Vec<Table> {
        tables(html, &Limits { max_table_depth, ..Default::default() }).unwrap()
    }

    fn grid(t: &Table) -> Vec<Vec<String>> {
        t.rows.iter().map(|r| r.cells.iter().map(|c| format!("{}@{}", c.text(), c.col)).collect()).collect()
    }

    #[test]
    fn rows_cells_header_and_entities() {
        let t = read(
            "<table>\n<thead><tr><th>Provision</th><th>Who</th></tr></thead>\n<tbody>\n\
             <tr><td>Speech &amp; language<br>therapy</td><td>SaLT</td></tr>\n\
             <tr><td><p>One</p><p>Two</p></td><td>TA &#8211; trained</td></tr></tbody></table>",
            8,
        );
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert!(t.rows[0].header && !t.rows[1].header);
        assert_eq!(
            grid(t),
            vec![
                vec!["Provision@0", "Who@1"],
                vec!["Speech & language therapy@0", "SaLT@1"],
                vec!["One Two@0", "TA – trained@1"]
            ]
        );
        assert_eq!(t.rows[1].cells[0].paragraphs()[0].text, "Speech & language\ntherapy");
        assert_eq!(t.rows[2].cells[0].paragraphs().len(), 2);
    }

    #[test]
    fn rowspan_is_carried_down_and_colspan_spans() {
        let t = &read(
            "<table><tr><th>Area</th><th>Provision</th><th>How much</th></tr>\
             <tr><td rowspan=\"2\">Learning</td><td>Tuition</td><td>10 hours</td></tr>\
             <tr><td>Laptop</td><td>All lessons</td></tr>\
             <tr><td colspan='3'>Wellbeing</td></tr>\
             <tr><td>Emotional</td><td>ELSA</td><td>Weekly</td></tr></table>",
            8,
        )[0];
        assert_eq!(grid(t)[2], vec!["Learning@0", "Laptop@1", "All lessons@2"]);
        assert!(t.rows[2].cells[0].merged_from_above && !t.rows[1].cells[0].merged_from_above);
        assert_eq!(t.rows[3].cells[0].span, 3);
        assert_eq!(grid(t)[4], vec!["Emotional@0", "ELSA@1", "Weekly@2"]);
    }

    #[test]
    fn a_header_row_of_th_cells_without_thead() {
        let t = &read("<table><tr><th>A</th><th>B</th></tr><tr><th>x</th><td>y</td></tr></table>", 8)[0];
        assert!(t.rows[0].header);
        assert!(!t.rows[1].header, "a row with a data cell is data");
    }

    #[test]
    fn bold_survives_trimming() {
        let t = &read("<table><tr><td>  <strong>Home tuition</strong> in maths </td></tr></table>", 8)[0];
        let p = &t.rows[0].cells[0].paragraphs()[0];
        assert_eq!(p.text, "Home tuition in maths");
        assert_eq!(p.leading_bold(), Some("Home tuition"));
    }

    #[test]
    fn unclosed_cells_and_rows_end_at_the_next_and_nested_tables_nest() {
        let t = &read("<table><tr><td>a<td>b<tr><td>c<table><tr><td>inner</td></tr></table></td></table>", 8)[0];
        assert_eq!(grid(t), vec![vec!["a@0", "b@1"], vec!["c inner@0"]]);
        assert_eq!(t.rows[1].cells[0].nested().len(), 1);
        // Deeper than the limit: read as text.
        let flat = &read("<table><tr><td>c<table><tr><td>inner</td></tr></table></td></tr></table>", 1)[0];
        assert!(flat.rows[0].cells[0].nested().is_empty());
        assert_eq!(flat.rows[0].cells[0].text(), "c inner");
    }

    #[test]
    fn an_ampersand_before_a_welsh_letter_is_text() {
        let t = &read("<table><tr><td>Therapi iaith & cyfarfod â'r rhieni &amp; y disgybl</td></tr></table>", 8)[0];
        assert_eq!(t.rows[0].cells[0].text(), "Therapi iaith & cyfarfod â'r rhieni & y disgybl");
    }

    #[test]
    fn a_rowspan_cell_is_shared_with_the_rows_it_covers_and_limits_hold() {
        let t =
            &read("<table><tr><td rowspan=3>Big</td><td>a</td></tr><tr><td>b</td></tr><tr><td>c</td></tr></table>", 8)
                [0];
        assert!(std::sync::Arc::ptr_eq(&t.rows[0].cells[0].content, &t.rows[2].cells[0].content));
        assert_eq!(grid(t)[2], vec!["Big@0", "c@1"]);
        let limits = Limits { max_table_columns: 10, ..Default::default() };
        let e = tables("<table><tr><td colspan=8>a</td><td colspan=3>b</td></tr></table>", &limits).unwrap_err();
        assert!(e.message.contains("max_table_columns"), "{}", e.message);
        let limits = Limits { max_table_rows: 2, ..Default::default() };
        let e =
            tables("<table><tr><td>a</td></tr><tr><td>b</td></tr><tr><td>c</td></tr></table>", &limits).unwrap_err();
        assert!(e.message.contains("max_table_rows"), "{}", e.message);
    }

    #[test]
    fn hostile_fragments_do_not_panic() {
        for s in [
            "<table",
            "<table><tr><td rowspan=99999999999>x",
            "<<<>>>",
            "&#xFFFFFFFF; &#0; &",
            "</td></tr>",
            "<table><td>é&amp",
            // A '&' whose 12th byte after it falls inside 'â'.
            "<table><tr><td>Therapi iaith & cyfarfod â'r rhieni</td></tr></table>",
        ] {
            let _ = read(s, 8);
        }
        assert!(read("<p>no table</p>", 8).is_empty());
    }
}
