//! Where things are in a YAML (or JSON) text: every key, value and list item with its line and
//! column, read once with serde-saphyr's `Spanned`. The one source of positions for messages
//! that point into placard.yaml, front matter and data files.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A place in the text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// One step of a path into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value of a map's key.
    Key(&'a str),
    /// An item of a list.
    Index(usize),
}

/// A node of the document, with the positions of its parts.
#[derive(Debug)]
enum Node {
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    /// A scalar, as text (numbers and booleans too); `None` for null.
    Scalar(Option<String>),
}

/// One thing met reading the document in order.
#[derive(Debug)]
enum Seen {
    Key(String),
    Scalar(Option<String>),
    /// A list, with where each of its items is.
    Seq(Vec<Pos>),
}

/// The positions of a YAML text.
#[derive(Debug)]
pub struct Positions {
    root: Option<Spanned<Node>>,
    /// Added to every line: the line of the file the text starts at, less one.
    offset: usize,
    /// Every key, scalar and list in document order (a key before everything in its value).
    order: Vec<(Seen, Pos)>,
}

impl Positions {
    /// Reads `text`, which starts at line `first_line` of its file. A text that does not parse
    /// has no positions.
    pub fn parse(text: &str, first_line: usize) -> Positions {
        let root: Option<Spanned<Node>> =
            serde_saphyr::from_str_with_options(text, super::options()).ok();
        let mut positions = Positions {
            root,
            offset: first_line.saturating_sub(1),
            order: Vec::new(),
        };
        positions.order = positions.in_order();
        positions
    }

    fn pos<T>(&self, s: &Spanned<T>) -> Option<Pos> {
        let line = s.referenced.line() as usize;
        (line > 0).then(|| Pos {
            line: line + self.offset,
            column: s.referenced.column() as usize,
        })
    }

    /// Every key, scalar and list in document order, read with a stack of its own (no
    /// recursion, whatever the nesting).
    fn in_order(&self) -> Vec<(Seen, Pos)> {
        let mut out = Vec::new();
        let mut stack: Vec<Todo<'_>> = self.root.iter().map(Todo::Node).collect();
        while let Some(todo) = stack.pop() {
            let node = match todo {
                Todo::Key(key) => {
                    out.extend(self.pos(key).map(|p| (Seen::Key(key.value.clone()), p)));
                    continue;
                }
                Todo::Node(node) => node,
            };
            let Some(at) = self.pos(node) else { continue };
            match &node.value {
                Node::Map(entries) => {
                    for (key, value) in entries.iter().rev() {
                        stack.push(Todo::Node(value));
                        stack.push(Todo::Key(key));
                    }
                }
                Node::Seq(items) => {
                    let where_ = items.iter().filter_map(|i| self.pos(i)).collect();
                    out.push((Seen::Seq(where_), at));
                    stack.extend(items.iter().rev().map(Todo::Node));
                }
                Node::Scalar(text) => out.push((Seen::Scalar(text.clone()), at)),
            }
        }
        out
    }

    /// The node at `path`, and the key that leads to it (for a path ending in a key).
    fn at(&self, path: &[Step<'_>]) -> Option<(&Spanned<Node>, Option<&Spanned<String>>)> {
        let mut node = self.root.as_ref()?;
        let mut key = None;
        for step in path {
            match (step, &node.value) {
                (Step::Key(k), Node::Map(entries)) => {
                    let (found, value) = entries.iter().find(|(name, _)| name.value == *k)?;
                    key = Some(found);
                    node = value;
                }
                (Step::Index(i), Node::Seq(items)) => {
                    key = None;
                    node = items.get(*i)?;
                }
                _ => return None,
            }
        }
        Some((node, key))
    }

    /// Where the key at the end of `path` is written.
    pub fn key(&self, path: &[Step<'_>]) -> Option<Pos> {
        self.pos(self.at(path)?.1?)
    }

    /// Where the value at `path` is written.
    pub fn value(&self, path: &[Step<'_>]) -> Option<Pos> {
        self.pos(self.at(path)?.0)
    }

    /// Where each item of the list at `path` is written (none when it is not a list).
    pub fn items(&self, path: &[Step<'_>]) -> Vec<Pos> {
        match self.at(path).map(|(n, _)| &n.value) {
            Some(Node::Seq(items)) => items.iter().filter_map(|i| self.pos(i)).collect(),
            _ => Vec::new(),
        }
    }

    /// Where every key named `name` is written, in document order.
    pub fn keys_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = Pos> + 's {
        self.order.iter().filter_map(move |(seen, pos)| match seen {
            Seen::Key(k) if k == name => Some(*pos),
            _ => None,
        })
    }

    /// Where the text `value` is written as the value of a key `key` (or as an item of a list
    /// under it), in document order.
    pub fn scalar_under(&self, key: &str, value: &str) -> Option<Pos> {
        let mut last_key = "";
        self.order.iter().find_map(|(seen, pos)| match seen {
            Seen::Key(k) => {
                last_key = k;
                None
            }
            Seen::Scalar(Some(text)) if text == value && last_key == key => Some(*pos),
            _ => None,
        })
    }

    /// The first key named `name`, else the first scalar value equal to `name` (a list item
    /// `- name` or `- name: name`), in document order.
    pub fn first(&self, name: &str) -> Option<Pos> {
        self.keys_named(name).next().or_else(|| {
            self.order.iter().find_map(|(seen, pos)| match seen {
                Seen::Scalar(Some(text)) if text == name => Some(*pos),
                _ => None,
            })
        })
    }

    /// Where each record of the document's first list (the top-level list, or else the first
    /// list in document order) is written.
    pub fn records(&self) -> Vec<Pos> {
        self.order
            .iter()
            .find_map(|(seen, _)| match seen {
                Seen::Seq(items) => Some(items.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }
}

/// What is left to read: a key, or a node.
enum Todo<'a> {
    Key(&'a Spanned<String>),
    Node(&'a Spanned<Node>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "title: A\ndownloads:\n  - file: a.pdf\n    title: A\n  - title: B\n    file: b.pdf\ncheck:\n  rules:\n    link-text: off\ntaxonomies:\n  - name: topics\n";

    #[test]
    fn keys_values_and_items() {
        let p = Positions::parse(TEXT, 2);
        assert_eq!(
            p.key(&[Step::Key("title")]),
            Some(Pos { line: 2, column: 1 })
        );
        let items = p.items(&[Step::Key("downloads")]);
        assert_eq!(items.iter().map(|i| i.line).collect::<Vec<_>>(), [4, 6]);
        let file = [Step::Key("downloads"), Step::Index(1), Step::Key("file")];
        assert_eq!(
            p.value(&file),
            Some(Pos {
                line: 7,
                column: 11
            })
        );
        assert_eq!(p.key(&file), Some(Pos { line: 7, column: 5 }));
        assert_eq!(p.first("link-text").map(|p| p.line), Some(10));
        assert_eq!(p.first("topics").map(|p| p.line), Some(12));
        assert_eq!(
            p.keys_named("title").map(|p| p.line).collect::<Vec<_>>(),
            [2, 5, 6]
        );
        assert_eq!(p.records().len(), 2);
    }

    #[test]
    fn json_and_bad_text() {
        let p = Positions::parse("[{\"verified\": false},\n {\"verified\": true}]", 1);
        assert_eq!(
            p.keys_named("verified").map(|p| p.line).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(p.records().len(), 2);
        assert!(Positions::parse("a: [", 1).records().is_empty());
    }
}
