//! The syntax of one component call: `{{ name(k="v") }}`, `{% name(k="v") %}` and `{% end %}`.
//!
//! This module only reads a call at a given place in a piece of text. Which places are text
//! (and so may hold a call) is decided by the Markdown itself, in `scan.rs`. Reading is linear
//! in the length of the call, and lists in arguments are read with an explicit stack bounded by
//! [`MAX_DEPTH`], never by recursion.

use serde_json::{Map, Number, Value};

/// How deep lists in arguments, and components with a body, may nest.
pub const MAX_DEPTH: usize = 64;

/// What a call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{{ name(...) }}`: replaced by the component's HTML where it stands.
    Inline,
    /// `{% name(...) %}`: opens a body that a `{% end %}` line closes.
    Open,
    /// `{% end %}`.
    End,
}

/// One call, with byte offsets into the text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub kind: Kind,
    pub name: String,
    pub args: Map<String, Value>,
    /// The first byte of the call (the `{`).
    pub start: usize,
    /// Just past its last byte (the `}`).
    pub end: usize,
}

/// The arguments every component understands the same way, checked before any template sees
/// them: a template puts `level` straight into a tag name (`<h{{ level }}>`), where escaping
/// cannot help, so it must be a heading level. `Err`: what is wrong and how to fix it.
pub fn check_args(args: &Map<String, Value>) -> Result<(), (String, String)> {
    if let Some(level) = args.get("level")
        && !level.as_u64().is_some_and(|n| (2..=6).contains(&n))
    {
        return Err((
            format!("`level` must be a heading level, a whole number from 2 to 6, not {level}"),
            "write it without quotes, for example `level=3` for a heading under an h2".into(),
        ));
    }
    Ok(())
}

/// A syntax problem at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub hint: String,
}

/// Reads the call that starts at `at`, where `text` has `{{` or `{%`. `Ok(None)` means the text
/// there is not a call at all (such as `{{ not a call }}` or `{%` in prose) and stays text.
pub fn read(text: &str, at: usize) -> Result<Option<Call>, SyntaxError> {
    let rest = text.get(at..).unwrap_or("");
    let (kind, close) = if rest.starts_with("{{") {
        (Kind::Inline, "}}")
    } else if rest.starts_with("{%") {
        (Kind::Open, "%}")
    } else {
        return Ok(None);
    };
    let mut p = Reader { text, pos: at + 2 };
    p.skip_ws();
    let name_start = p.pos;
    let name = p.ident();
    if name.is_empty() {
        return Ok(None);
    }
    p.skip_ws();
    if kind == Kind::Open && name == "end" {
        if p.eat(close) {
            return Ok(Some(Call {
                kind: Kind::End,
                name,
                args: Map::new(),
                start: at,
                end: p.pos,
            }));
        }
        return Ok(None);
    }
    if !p.eat("(") {
        return Ok(None);
    }
    let args = p.args(&name)?;
    p.skip_ws();
    if !p.eat(close) {
        return Err(SyntaxError {
            offset: name_start,
            len: name.len(),
            message: format!("the component call `{name}` is not closed with `{close}`"),
            hint: format!("end the call with `){close}` in the same paragraph"),
        });
    }
    Ok(Some(Call {
        kind,
        name,
        args,
        start: at,
        end: p.pos,
    }))
}

/// Every call in a plain text (no Markdown): for tests and the fuzzer. A `\` before `{{` or
/// `{%` makes it text, as in Markdown.
pub fn find(text: &str) -> Result<Vec<Call>, SyntaxError> {
    let bytes = text.as_bytes();
    let mut calls = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let opens = bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%');
        if opens
            && (i == 0 || bytes[i - 1] != b'\\')
            && let Some(call) = read(text, i)?
        {
            i = call.end;
            calls.push(call);
            continue;
        }
        i += 1;
    }
    Ok(calls)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
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

    fn error(&self, message: String, hint: &str) -> SyntaxError {
        SyntaxError {
            offset: self.pos.min(self.text.len()),
            len: 1,
            message,
            hint: hint.into(),
        }
    }

    /// The arguments after `(`, up to and with the `)`.
    fn args(&mut self, name: &str) -> Result<Map<String, Value>, SyntaxError> {
        let mut args = Map::new();
        loop {
            self.skip_ws();
            if self.eat(")") {
                return Ok(args);
            }
            let key_start = self.pos;
            let key = self.ident();
            if key.is_empty() {
                return Err(self.error(
                    format!("the component `{name}` has an argument without a name"),
                    "write arguments as name=\"value\", separated by commas",
                ));
            }
            self.skip_ws();
            if !self.eat("=") {
                return Err(self.error(
                    format!("the argument `{key}` of `{name}` has no value"),
                    "write it as name=\"value\"",
                ));
            }
            self.skip_ws();
            let value = self.value().map_err(|(m, hint)| {
                self.error(format!("the argument `{key}` of `{name}` {m}"), hint)
            })?;
            if args.insert(key.clone(), value).is_some() {
                return Err(SyntaxError {
                    offset: key_start,
                    len: key.len(),
                    message: format!("the argument `{key}` is given twice to `{name}`"),
                    hint: "remove one of them".into(),
                });
            }
            self.skip_ws();
            if self.eat(")") {
                return Ok(args);
            }
            if !self.eat(",") {
                return Err(self.error(
                    format!("the arguments of `{name}` are not separated by a comma"),
                    "put a comma between arguments, and close them with `)`",
                ));
            }
        }
    }

    /// One value: text in quotes, a number, true, false, or a list of values. Lists nest up to
    /// [`MAX_DEPTH`] deep, kept on an explicit stack.
    fn value(&mut self) -> Result<Value, (String, &'static str)> {
        const TYPES: &str = "text goes in double quotes; numbers, true and false do not";
        let mut lists: Vec<Vec<Value>> = Vec::new();
        loop {
            self.skip_ws();
            let mut done = if self.rest().starts_with('[') {
                if lists.len() >= MAX_DEPTH {
                    return Err((
                        format!("nests lists more than {MAX_DEPTH} deep"),
                        "use fewer levels of [ ] in the argument",
                    ));
                }
                self.pos += 1;
                lists.push(Vec::new());
                self.skip_ws();
                if !self.eat("]") {
                    continue;
                }
                Value::Array(lists.pop().unwrap_or_default())
            } else {
                self.scalar().map_err(|m| (m, TYPES))?
            };
            // `done` is a whole value: put it in its list, and close the lists that end here.
            loop {
                let Some(items) = lists.last_mut() else {
                    return Ok(done);
                };
                items.push(done);
                self.skip_ws();
                if self.eat(",") {
                    self.skip_ws();
                    if !self.eat("]") {
                        break;
                    }
                } else if !self.eat("]") {
                    return Err((
                        "has a list without a comma between items or a closing `]`".into(),
                        TYPES,
                    ));
                }
                done = Value::Array(lists.pop().unwrap_or_default());
            }
        }
    }

    fn scalar(&mut self) -> Result<Value, String> {
        let rest = self.rest();
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
        let word: &str = {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_')))
                .unwrap_or(rest.len());
            &rest[..len]
        };
        let value = match word {
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

    #[test]
    fn inline_open_and_end() {
        let text = "Hi {{ helpline(id=\"x\", big=true, n=2, l=[1, \"a\", []]) }}\n{% signs(title='T') %}\n{% end %}";
        let c = find(text).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!((c[0].kind, c[0].name.as_str()), (Kind::Inline, "helpline"));
        assert_eq!(c[0].args["id"], "x");
        assert_eq!(c[0].args["big"], true);
        assert_eq!(c[0].args["l"][1], "a");
        assert_eq!(c[0].args["l"][2], Value::Array(vec![]));
        assert!(text[c[0].start..c[0].end].ends_with("[]]) }}"));
        assert_eq!(
            (c[1].kind, c[1].args["title"].as_str()),
            (Kind::Open, Some("T"))
        );
        assert_eq!(c[2].kind, Kind::End);
    }

    #[test]
    fn what_is_not_a_call() {
        for text in [
            "{{ not a call }}",
            "{{ y",
            "100{% of people",
            "{% end",
            "\\{{ helpline() }}",
            "{} {x}",
        ] {
            assert_eq!(find(text), Ok(vec![]), "{text}");
        }
    }

    #[test]
    fn errors() {
        for (text, msg) in [
            ("{{ helpline(id=\"x) }}", "quote"),
            ("{{ helpline(id=x y) }}", "not text"),
            ("{{ helpline(id=\"x\" }}", "comma"),
            ("{{ helpline(id=\"x\") }", "not closed"),
            ("{{ helpline(id=[1 2]) }}", "comma between items"),
            ("{{ h(a=1, a=2) }}", "given twice"),
        ] {
            let e = find(text).unwrap_err();
            assert!(e.message.contains(msg), "{text}: {e:?}");
        }
    }

    #[test]
    fn a_level_must_be_a_heading_level() {
        let level = |text: &str| check_args(&find(text).unwrap()[0].args);
        assert!(level("{{ helpline(level=2) }}").is_ok());
        assert!(level("{{ helpline(level=6) }}").is_ok());
        assert!(level("{{ helpline() }}").is_ok());
        for bad in [
            "{{ helpline(level=\"2 hidden onfocus=alert(1)\") }}",
            "{{ helpline(level=\"3\") }}",
            "{{ helpline(level=1) }}",
            "{{ helpline(level=7) }}",
            "{{ helpline(level=-2) }}",
            "{{ helpline(level=2.5) }}",
        ] {
            let (message, _) = level(bad).unwrap_err();
            assert!(message.contains("from 2 to 6"), "{bad}: {message}");
        }
    }

    #[test]
    fn deep_lists_are_an_error_not_a_crash() {
        let ok = format!("{{{{ x(a={}{}) }}}}", "[".repeat(64), "]".repeat(64));
        assert_eq!(find(&ok).unwrap().len(), 1);
        let deep = format!("{{{{ x(a={}) }}}}", "[".repeat(30_000));
        let e = find(&deep).unwrap_err();
        assert!(e.message.contains("more than 64 deep"), "{e:?}");
        assert_eq!(e.offset, 7 + 64);
    }
}
