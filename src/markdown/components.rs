//! Finding component calls in Markdown: `{{ name(k="v") }}` and `{% name(k="v") %}...{% end %}`.
//!
//! Calls inside fenced code blocks and inline code are left alone, so a page can show the
//! syntax. Offsets are bytes into the text given, so errors point at the right line.

use serde_json::{Map, Number, Value};

/// A piece of Markdown: plain text, or a component call.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Text from `start` to `end`.
    Text { start: usize, end: usize },
    /// A call spanning `start..end` (the whole call, body and `{% end %}` included).
    Call(Call),
}

/// One component call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Map<String, Value>,
    /// The body's range, for calls with one.
    pub body: Option<(usize, usize)>,
    pub start: usize,
    pub end: usize,
    /// The call stands alone on its line(s), so it renders as a block, not inside a paragraph.
    pub block: bool,
}

/// A syntax problem at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub hint: String,
}

/// Splits `text` into text and calls.
pub fn parse(text: &str) -> Result<Vec<Segment>, SyntaxError> {
    let code = code_ranges(text);
    let in_code = |i: usize| code.iter().any(|(s, e)| i >= *s && i < *e);
    let mut segments = Vec::new();
    let mut pos = 0;
    let mut text_start = 0;
    while let Some(found) = find_open(text, pos) {
        let (i, kind) = found;
        if in_code(i) {
            pos = i + 2;
            continue;
        }
        let Some(head) = parse_head(text, i, kind)? else {
            pos = i + 2;
            continue;
        };
        let (name, args, head_end) = head;
        if kind == Kind::Block && name == "end" {
            return Err(SyntaxError {
                offset: i,
                len: head_end - i,
                message: "`{% end %}` without a component to close".into(),
                hint: "remove it, or open the component above with `{% name(...) %}`".into(),
            });
        }
        let (body, end) = match kind {
            Kind::Inline => (None, head_end),
            Kind::Block => {
                let (body_end, end) =
                    find_end(text, head_end, &in_code).ok_or_else(|| SyntaxError {
                        offset: i,
                        len: head_end - i,
                        message: format!("the component `{name}` is not closed"),
                        hint: "add a line `{% end %}` after the component's text".into(),
                    })?;
                (Some((head_end, body_end)), end)
            }
        };
        if text_start < i {
            segments.push(Segment::Text {
                start: text_start,
                end: i,
            });
        }
        segments.push(Segment::Call(Call {
            block: alone_on_line(text, i, end),
            name,
            args,
            body,
            start: i,
            end,
        }));
        pos = end;
        text_start = end;
    }
    if text_start < text.len() {
        segments.push(Segment::Text {
            start: text_start,
            end: text.len(),
        });
    }
    Ok(segments)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Inline,
    Block,
}

fn find_open(text: &str, from: usize) -> Option<(usize, Kind)> {
    let a = text
        .get(from..)?
        .find("{{")
        .map(|i| (i + from, Kind::Inline));
    let b = text
        .get(from..)?
        .find("{%")
        .map(|i| (i + from, Kind::Block));
    match (a, b) {
        (Some(x), Some(y)) => Some(if x.0 < y.0 { x } else { y }),
        (x, y) => x.or(y),
    }
}

type Head = (String, Map<String, Value>, usize);

/// Parses `{{ name(args) }}` or `{% name(args) %}` at `start`. Returns None when the text is
/// not a component call at all (such as `{{ not a call }}` in prose).
fn parse_head(text: &str, start: usize, kind: Kind) -> Result<Option<Head>, SyntaxError> {
    let mut p = Parser {
        text,
        pos: start + 2,
    };
    p.skip_ws();
    let name_start = p.pos;
    let name = p.ident();
    if name.is_empty() {
        return Ok(None);
    }
    p.skip_ws();
    let close = if kind == Kind::Inline { "}}" } else { "%}" };
    if kind == Kind::Block && name == "end" && p.eat(close) {
        return Ok(Some((name, Map::new(), p.pos)));
    }
    if !p.eat("(") {
        return Ok(None);
    }
    let err = |p: &Parser<'_>, message: String, hint: &str| SyntaxError {
        offset: p.pos.min(text.len()),
        len: 1,
        message,
        hint: hint.into(),
    };
    let mut args = Map::new();
    loop {
        p.skip_ws();
        if p.eat(")") {
            break;
        }
        let key_start = p.pos;
        let key = p.ident();
        if key.is_empty() {
            return Err(err(
                &p,
                format!("the component `{name}` has an argument without a name"),
                "write arguments as name=\"value\", separated by commas",
            ));
        }
        p.skip_ws();
        if !p.eat("=") {
            return Err(err(
                &p,
                format!("the argument `{key}` of `{name}` has no value"),
                "write it as name=\"value\"",
            ));
        }
        p.skip_ws();
        let value = p.value().map_err(|m| {
            err(
                &p,
                format!("the argument `{key}` of `{name}` {m}"),
                "text goes in double quotes; numbers, true and false do not",
            )
        })?;
        if args.insert(key.clone(), value).is_some() {
            return Err(SyntaxError {
                offset: key_start,
                len: key.len(),
                message: format!("the argument `{key}` is given twice to `{name}`"),
                hint: "remove one of them".into(),
            });
        }
        p.skip_ws();
        if p.eat(")") {
            break;
        }
        if !p.eat(",") {
            return Err(err(
                &p,
                format!("the arguments of `{name}` are not separated by a comma"),
                "put a comma between arguments, and close them with `)`",
            ));
        }
    }
    p.skip_ws();
    if !p.eat(close) {
        return Err(SyntaxError {
            offset: name_start,
            len: name.len(),
            message: format!("the component call `{name}` is not closed with `{close}`"),
            hint: format!("end the call with `){close}`"),
        });
    }
    Ok(Some((name, args, p.pos)))
}

/// Finds the `{% end %}` that closes a body starting at `from`, counting nested blocks.
fn find_end(text: &str, from: usize, in_code: &impl Fn(usize) -> bool) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut pos = from;
    while let Some(i) = text.get(pos..)?.find("{%").map(|i| i + pos) {
        if in_code(i) {
            pos = i + 2;
            continue;
        }
        match parse_head(text, i, Kind::Block) {
            Ok(Some((name, _, end))) if name == "end" => {
                if depth == 0 {
                    return Some((i, end));
                }
                depth -= 1;
                pos = end;
            }
            Ok(Some((_, _, end))) => {
                depth += 1;
                pos = end;
            }
            _ => pos = i + 2,
        }
    }
    None
}

fn alone_on_line(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty()
}

/// Byte ranges of fenced code blocks and inline code spans.
fn code_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut fence: Option<(usize, String)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let marker: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
        match &fence {
            Some((start, m)) => {
                if indent < 4
                    && t.trim_end().starts_with(m.as_str())
                    && t.trim_end()
                        .chars()
                        .all(|c| c == m.chars().next().unwrap_or('`'))
                {
                    ranges.push((*start, offset + line.len()));
                    fence = None;
                }
            }
            None if indent < 4
                && marker.len() >= 3
                && marker
                    .chars()
                    .all(|c| c == marker.chars().next().unwrap_or('`')) =>
            {
                fence = Some((offset, marker));
            }
            None => {
                let mut i = 0;
                let bytes = line.as_bytes();
                while i < bytes.len() {
                    if bytes[i] == b'`' {
                        let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
                        let delim = "`".repeat(run);
                        if let Some(close) = line[i + run..].find(&delim) {
                            ranges.push((offset + i, offset + i + run + close + run));
                            i += run + close + run;
                            continue;
                        }
                        i += run;
                        continue;
                    }
                    i += 1;
                }
            }
        }
        offset += line.len();
    }
    if let Some((start, _)) = fence {
        ranges.push((start, text.len()));
    }
    ranges
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }
    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> String {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .take_while(|(i, c)| {
                c.is_ascii_alphabetic()
                    || *c == '_'
                    || (*i > 0 && (c.is_ascii_digit() || *c == '-'))
            })
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        let id = rest[..len].to_string();
        self.pos += len;
        id
    }
    fn value(&mut self) -> Result<Value, String> {
        let text = self.text;
        let rest = &text[self.pos.min(text.len())..];
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let mut out = String::new();
            let mut chars = rest[1..].char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, 'n')) => out.push('\n'),
                        Some((_, c)) => out.push(c),
                        None => break,
                    },
                    c if c == q => {
                        self.pos += 1 + i + 1;
                        return Ok(Value::String(out));
                    }
                    c => out.push(c),
                }
            }
            return Err("has text that is not closed with a quote".into());
        }
        if self.eat("[") {
            let mut items = Vec::new();
            loop {
                self.skip_ws();
                if self.eat("]") {
                    return Ok(Value::Array(items));
                }
                items.push(self.value()?);
                self.skip_ws();
                if self.eat("]") {
                    return Ok(Value::Array(items));
                }
                if !self.eat(",") {
                    return Err("has a list without a comma between items or a closing `]`".into());
                }
            }
        }
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
            .collect();
        let value = match word.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "" => return Err("has no value".into()),
            w => {
                if let Ok(i) = w.parse::<i64>() {
                    Value::Number(i.into())
                } else if let Some(n) = w.parse::<f64>().ok().and_then(Number::from_f64) {
                    Value::Number(n)
                } else {
                    return Err(format!(
                        "has the value `{w}`, which is not text, a number, true or false"
                    ));
                }
            }
        };
        self.pos += word.len();
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<Call> {
        parse(text)
            .unwrap()
            .into_iter()
            .filter_map(|s| match s {
                Segment::Call(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn inline_and_block_calls() {
        let text = "Hi {{ helpline(id=\"x\", big=true, n=2, l=[1, \"a\"]) }}\n\n{% signs(title='T') %}\n- a\n{% end %}\n";
        let c = calls(text);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].name, "helpline");
        assert_eq!(c[0].args["id"], "x");
        assert_eq!(c[0].args["big"], true);
        assert_eq!(c[0].args["l"][1], "a");
        assert!(!c[0].block);
        assert_eq!(c[1].name, "signs");
        assert!(c[1].block);
        let (s, e) = c[1].body.unwrap();
        assert_eq!(text[s..e].trim(), "- a");
    }

    #[test]
    fn nested_blocks() {
        let text = "{% a() %}\n{% b() %}\nx\n{% end %}\n{% end %}";
        let c = calls(text);
        assert_eq!(c.len(), 1);
        let (s, e) = c[0].body.unwrap();
        assert!(text[s..e].contains("{% b() %}"));
    }

    #[test]
    fn code_is_left_alone() {
        assert!(calls("```\n{{ helpline(id=\"x\") }}\n```\n").is_empty());
        assert!(calls("Write `{{ helpline(id=\"x\") }}` like this").is_empty());
        assert!(calls("{{ not a call }}").is_empty());
    }

    #[test]
    fn errors() {
        for (text, msg) in [
            ("{% signs() %}\n- a\n", "not closed"),
            ("{{ helpline(id=\"x) }}", "quote"),
            ("{{ helpline(id=x y) }}", "not text"),
            ("{{ helpline(id=\"x\" }}", "comma"),
            ("{{ helpline(id=\"x\") }", "not closed"),
            ("{% end %}", "without"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.message.contains(msg), "{text}: {e:?}");
        }
    }
}
