//! A small part of SVG, enough for simple line pictures: `path` (M, L, H, V, C, Q, Z, in
//! absolute and relative forms), `line`, `polyline`, `polygon`, `rect`, `circle` and
//! `ellipse`, with `fill`, `stroke` and `stroke-width` as attributes, inside a `viewBox`.
//! Anything else in the file is left out. Parsed with scraper (already used for HTML).

/// One drawing command, in the picture's own units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cmd {
    Move(f32, f32),
    Line(f32, f32),
    Cubic(f32, f32, f32, f32, f32, f32),
    Quad(f32, f32, f32, f32),
    Close,
}

/// One shape, with its paint: colours as `#rrggbb`, `None` for none.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub cmds: Vec<Cmd>,
    pub fill: Option<[u8; 3]>,
    pub stroke: Option<[u8; 3]>,
    pub stroke_width: f32,
}

/// A picture: its `viewBox` (x, y, width, height) and shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub view: [f32; 4],
    pub shapes: Vec<Shape>,
}

/// Reads an SVG file; `None` without a usable `viewBox` (or width and height).
pub fn parse(text: &str) -> Option<Picture> {
    let doc = scraper::Html::parse_fragment(text);
    let svg_sel = scraper::Selector::parse("svg").ok()?;
    let svg = doc.select(&svg_sel).next()?;
    let view = match svg.value().attr("viewbox").or(svg.value().attr("viewBox")) {
        Some(v) => {
            let n = numbers(v);
            (n.len() == 4 && n[2] > 0.0 && n[3] > 0.0).then(|| [n[0], n[1], n[2], n[3]])?
        }
        None => {
            let w = num(svg.value().attr("width")?)?;
            let h = num(svg.value().attr("height")?)?;
            [0.0, 0.0, w, h]
        }
    };
    let all = scraper::Selector::parse("*").ok()?;
    let mut shapes = Vec::new();
    for el in svg.select(&all) {
        let e = el.value();
        let a = |n: &str| e.attr(n).and_then(num).unwrap_or(0.0);
        let cmds = match e.name() {
            "path" => path(e.attr("d").unwrap_or("")),
            "line" => vec![Cmd::Move(a("x1"), a("y1")), Cmd::Line(a("x2"), a("y2"))],
            "polyline" | "polygon" => {
                let n = numbers(e.attr("points").unwrap_or(""));
                let mut c: Vec<Cmd> = n
                    .chunks_exact(2)
                    .enumerate()
                    .map(|(i, p)| {
                        if i == 0 {
                            Cmd::Move(p[0], p[1])
                        } else {
                            Cmd::Line(p[0], p[1])
                        }
                    })
                    .collect();
                if e.name() == "polygon" {
                    c.push(Cmd::Close);
                }
                c
            }
            "rect" => {
                let (x, y, w, h) = (a("x"), a("y"), a("width"), a("height"));
                vec![
                    Cmd::Move(x, y),
                    Cmd::Line(x + w, y),
                    Cmd::Line(x + w, y + h),
                    Cmd::Line(x, y + h),
                    Cmd::Close,
                ]
            }
            "circle" => ellipse(a("cx"), a("cy"), a("r"), a("r")),
            "ellipse" => ellipse(a("cx"), a("cy"), a("rx"), a("ry")),
            _ => continue,
        };
        shapes.push(Shape {
            cmds,
            fill: paint(el, "fill", Some([0, 0, 0])),
            stroke: paint(el, "stroke", None),
            stroke_width: inherited(el, "stroke-width").and_then(num).unwrap_or(1.0),
        });
    }
    Some(Picture { view, shapes })
}

/// An attribute of the element or of the nearest group around it that has it.
fn inherited<'a>(el: scraper::ElementRef<'a>, name: &str) -> Option<&'a str> {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(scraper::ElementRef::wrap))
        .find_map(|e| e.value().attr(name))
}

fn paint(el: scraper::ElementRef<'_>, name: &str, default: Option<[u8; 3]>) -> Option<[u8; 3]> {
    match inherited(el, name) {
        None => default,
        Some(v) => colour(v.trim()),
    }
}

fn colour(v: &str) -> Option<[u8; 3]> {
    let hex = v.strip_prefix('#')?;
    let hex: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return None,
    };
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn num(v: &str) -> Option<f32> {
    v.trim()
        .trim_end_matches("px")
        .parse()
        .ok()
        .filter(|n: &f32| n.is_finite())
}

/// The numbers in a list such as `0 0 100 100` or `1,2 3-4`.
fn numbers(v: &str) -> Vec<f32> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<f32>| {
        if let Some(n) = num(cur) {
            out.push(n);
        }
        cur.clear();
    };
    for c in v.chars() {
        match c {
            '0'..='9' | '.' => cur.push(c),
            '-' | '+' if !cur.ends_with(['e', 'E']) => {
                flush(&mut cur, &mut out);
                cur.push(c);
            }
            'e' | 'E' => cur.push(c),
            _ => flush(&mut cur, &mut out),
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Four cubic curves around an ellipse.
fn ellipse(cx: f32, cy: f32, rx: f32, ry: f32) -> Vec<Cmd> {
    let k = 0.552_284_8;
    let (kx, ky) = (rx * k, ry * k);
    vec![
        Cmd::Move(cx + rx, cy),
        Cmd::Cubic(cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry),
        Cmd::Cubic(cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy),
        Cmd::Cubic(cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry),
        Cmd::Cubic(cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy),
        Cmd::Close,
    ]
}

/// A path's `d`, in absolute commands; unknown commands end it.
fn path(d: &str) -> Vec<Cmd> {
    let mut out = Vec::new();
    let (mut x, mut y, mut sx, mut sy) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    let mut rest = d;
    while let Some(i) = rest.find(|c: char| c.is_ascii_alphabetic()) {
        let cmd = rest.as_bytes()[i] as char;
        let after = &rest[i + 1..];
        let end = after
            .find(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
            .unwrap_or(after.len());
        let n = numbers(&after[..end]);
        rest = &after[end..];
        let rel = cmd.is_ascii_lowercase();
        match cmd.to_ascii_uppercase() {
            'M' | 'L' => {
                for (j, p) in n.chunks_exact(2).enumerate() {
                    let (ox, oy) = if rel { (x, y) } else { (0.0, 0.0) };
                    (x, y) = (ox + p[0], oy + p[1]);
                    if j == 0 && cmd.eq_ignore_ascii_case(&'m') {
                        (sx, sy) = (x, y);
                        out.push(Cmd::Move(x, y));
                    } else {
                        out.push(Cmd::Line(x, y));
                    }
                }
            }
            'H' => {
                for v in n {
                    x = if rel { x + v } else { v };
                    out.push(Cmd::Line(x, y));
                }
            }
            'V' => {
                for v in n {
                    y = if rel { y + v } else { v };
                    out.push(Cmd::Line(x, y));
                }
            }
            'C' => {
                for p in n.chunks_exact(6) {
                    let (ox, oy) = if rel { (x, y) } else { (0.0, 0.0) };
                    out.push(Cmd::Cubic(
                        ox + p[0],
                        oy + p[1],
                        ox + p[2],
                        oy + p[3],
                        ox + p[4],
                        oy + p[5],
                    ));
                    (x, y) = (ox + p[4], oy + p[5]);
                }
            }
            'Q' => {
                for p in n.chunks_exact(4) {
                    let (ox, oy) = if rel { (x, y) } else { (0.0, 0.0) };
                    out.push(Cmd::Quad(ox + p[0], oy + p[1], ox + p[2], oy + p[3]));
                    (x, y) = (ox + p[2], oy + p[3]);
                }
            }
            'Z' => {
                out.push(Cmd::Close);
                (x, y) = (sx, sy);
            }
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simple_picture() {
        let p = parse(r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 80"><g fill="none" stroke="#222" stroke-width="4"><path d="M10 70 L10 30 l40-20 40 20 V70 Z"/><circle cx="50" cy="50" r="8"/></g></svg>"##).unwrap();
        assert_eq!(p.view, [0.0, 0.0, 100.0, 80.0]);
        assert_eq!(p.shapes.len(), 2);
        assert_eq!(p.shapes[0].fill, None);
        assert_eq!(p.shapes[0].stroke, Some([0x22, 0x22, 0x22]));
        assert_eq!(p.shapes[0].stroke_width, 4.0);
        assert_eq!(
            p.shapes[0].cmds[..4],
            [
                Cmd::Move(10.0, 70.0),
                Cmd::Line(10.0, 30.0),
                Cmd::Line(50.0, 10.0),
                Cmd::Line(90.0, 30.0)
            ]
        );
    }
}
