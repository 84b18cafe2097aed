//! SVG files are copied as they are, so an SVG that runs code or loads from another site is
//! refused: opened at its own address, an SVG is a document, and its `<script>` would run on
//! the campaign's site. Refused: `<script>`, `<foreignObject>` (HTML inside the drawing) and
//! other embedding elements, event-handler attributes (`onload=`...), `javascript:` URLs (in
//! any attribute, so also in `<set>`/`<animate>` values), references to another site in
//! `href`/`src`/`url()`/`@import`, `<?xml-stylesheet?>`, and a DOCTYPE declaring its own
//! entities (which can spell any of these). Links (`<a href>`) to web pages, e-mail and
//! phone numbers are fine, as are `#fragment` and same-site references and raster `data:`
//! images. One pass over the text, no recursion.

/// Elements that run code or embed documents.
const ELEMENTS: [&str; 7] = [
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
];

/// A problem at a byte offset of the file, in plain English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsafe {
    pub offset: usize,
    pub what: String,
}

fn bad(offset: usize, what: impl Into<String>) -> Result<(), Unsafe> {
    Err(Unsafe {
        offset,
        what: what.into(),
    })
}

/// Checks an SVG's text; the first problem found, if any.
pub fn check(text: &str) -> Result<(), Unsafe> {
    let mut i = 0;
    let mut in_style = false;
    while let Some(found) = text[i..].find('<') {
        let start = i + found;
        if in_style {
            css(&text[i..start], i)?;
        }
        let rest = &text[start..];
        if rest.starts_with("<!--") {
            i = skip_past(text, start, "-->");
        } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").map_or(text.len(), |e| start + 9 + e);
            if in_style {
                css(&text[start + 9..end], start + 9)?;
            }
            i = (end + 3).min(text.len());
        } else if rest.starts_with("<!") {
            let end = rest.find('>').map_or(text.len(), |e| start + e);
            if text[start..end].contains('[') {
                return bad(
                    start,
                    "it declares its own entities (a DOCTYPE with `[...]`), which can hide a script",
                );
            }
            i = (end + 1).min(text.len());
        } else if let Some(pi) = rest.strip_prefix("<?") {
            if pi
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("xml-stylesheet")
            {
                return bad(start, "it loads a style sheet (`<?xml-stylesheet?>`)");
            }
            i = skip_past(text, start, "?>");
        } else if rest.starts_with("</") {
            let end = rest.find('>').map_or(text.len(), |e| start + e);
            if local_name(text[start + 2..end].trim()) == "style" {
                in_style = false;
            }
            i = (end + 1).min(text.len());
        } else {
            let (end, name) = element(text, start)?;
            in_style = name == "style" && !text[..end].ends_with("/>");
            i = end;
        }
    }
    if in_style {
        css(&text[i..], i)?;
    }
    Ok(())
}

fn skip_past(text: &str, from: usize, end: &str) -> usize {
    text[from..]
        .find(end)
        .map_or(text.len(), |e| from + e + end.len())
}

/// `xlink:href` -> `href`, lower case.
fn local_name(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase()
}

/// Checks the start tag at `start`; returns where it ends and its local name.
fn element(text: &str, start: usize) -> Result<(usize, String), Unsafe> {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/') {
        i += 1;
    }
    let name = local_name(&text[start + 1..i]);
    if ELEMENTS.contains(&name.as_str()) {
        bad(
            start,
            format!("it contains a `<{}>` element", &text[start + 1..i]),
        )?;
    }
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return Ok(((i + 1).min(text.len()), name));
        }
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let attr = &text[attr_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (v, next) = attr_value(text, i);
            value = v;
            i = next;
        }
        attribute(&name, attr, value, attr_start)?;
    }
}

/// The value of an attribute starting at `i` (quoted or not) and where it ends.
fn attr_value(text: &str, i: usize) -> (&str, usize) {
    let bytes = text.as_bytes();
    match bytes.get(i) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = text[i + 1..]
                .find(q as char)
                .map_or(text.len(), |e| i + 1 + e);
            (&text[i + 1..end], (end + 1).min(text.len()))
        }
        _ => {
            let mut end = i;
            while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'>' {
                end += 1;
            }
            (&text[i..end], end)
        }
    }
}

fn attribute(element: &str, attr: &str, raw: &str, at: usize) -> Result<(), Unsafe> {
    let name = local_name(attr);
    if name.starts_with("on") && name.len() > 2 {
        return bad(
            at,
            format!("it has an event handler (`{attr}=`), which runs a script"),
        );
    }
    let value = decode(raw);
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
        return bad(
            at,
            format!("its `{attr}` is a `javascript:` address, which runs a script"),
        );
    }
    if name == "href" || name == "src" {
        let link = element == "a"
            && ["http:", "https:", "mailto:", "tel:"]
                .iter()
                .any(|s| squeezed.starts_with(s));
        if !link && external(&squeezed) {
            return bad(
                at,
                format!("it loads `{}` from another site (`{attr}`)", value.trim()),
            );
        }
    }
    if name == "style" || squeezed.contains("url(") {
        css(&value, at).map_err(|mut e| {
            e.offset = at;
            e
        })?;
    }
    Ok(())
}

/// Does this reference (squeezed: lower case, no white space) leave the site?
fn external(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = target.split_once(':') else {
        return false;
    };
    let is_scheme = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let raster = [
        "data:image/png",
        "data:image/jpeg",
        "data:image/gif",
        "data:image/webp",
    ]
    .iter()
    .any(|d| target.starts_with(d));
    is_scheme && !raster
}

/// Checks CSS (a `<style>` element or a `style` attribute) at `offset` for `url()` and
/// `@import` leaving the site.
fn css(text: &str, offset: usize) -> Result<(), Unsafe> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("url(") {
        let at = from + i + 4;
        let end = lower[at..].find(')').map_or(lower.len(), |e| at + e);
        let target: String = lower[at..end]
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
            .collect();
        if external(&target) {
            return bad(
                offset + from + i,
                format!(
                    "it loads `{}` from another site (`url()`)",
                    text[at..end].trim()
                ),
            );
        }
        from = end;
    }
    let mut from = 0;
    while let Some(i) = lower[from..].find("@import") {
        let after = &lower[from + i + 7..];
        let target: String = after
            .trim_start()
            .trim_start_matches("url(")
            .chars()
            .skip_while(|c| *c == '"' || *c == '\'')
            .take_while(|c| !matches!(c, '"' | '\'' | ')' | ';'))
            .collect();
        if external(&target) {
            return bad(
                offset + from + i,
                "it imports a style sheet from another site (`@import`)",
            );
        }
        from += i + 7;
    }
    Ok(())
}

/// Replaces XML character references and the predefined entities.
fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|s| *s <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let c = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match c {
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

    fn refused(svg: &str) -> String {
        match check(svg) {
            Err(e) => e.what,
            Ok(()) => panic!("accepted: {svg}"),
        }
    }

    #[test]
    fn scripts_and_external_references_are_refused() {
        let cases = [
            ("<svg><script>alert(1)</script></svg>", "<script>"),
            ("<svg><svg:script/></svg>", "<svg:script>"),
            ("<svg onload=\"alert(1)\"/>", "event handler"),
            ("<svg><rect ONCLICK='x'/></svg>", "event handler"),
            (
                "<svg><a href=\"jav&#x61;script:alert(1)\">x</a></svg>",
                "javascript:",
            ),
            (
                "<svg><a xlink:href=\" java\tscript:x\">x</a></svg>",
                "javascript:",
            ),
            (
                "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
                "javascript:",
            ),
            (
                "<svg><foreignObject><div/></foreignObject></svg>",
                "foreignObject",
            ),
            (
                "<svg><image href=\"https://tracker.example/p.png\"/></svg>",
                "another site",
            ),
            (
                "<svg><use href=\"//evil.example/s.svg#a\"/></svg>",
                "another site",
            ),
            (
                "<svg><rect fill=\"url(http://evil.example/#g)\"/></svg>",
                "another site",
            ),
            (
                "<svg><rect style=\"fill:url('https://x.example/a')\"/></svg>",
                "another site",
            ),
            (
                "<svg><style>@import 'https://x.example/a.css';</style></svg>",
                "@import",
            ),
            (
                "<svg><style><![CDATA[rect{fill:url(https://x.example/#a)}]]></style></svg>",
                "another site",
            ),
            (
                "<?xml-stylesheet href=\"https://x.example/a.css\"?><svg/>",
                "xml-stylesheet",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY x \"&#60;script>\">]><svg>&x;</svg>",
                "entities",
            ),
        ];
        for (svg, needle) in cases {
            let what = refused(svg);
            assert!(what.contains(needle), "{svg}: {what}");
        }
    }

    #[test]
    fn drawings_links_and_local_references_are_fine() {
        let ok = [
            "<?xml version=\"1.0\"?><!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><rect/></svg>",
            "<svg><!-- <script> in a comment --><rect fill=\"url(#g)\" style=\"stroke:red\"/></svg>",
            "<svg><a href=\"https://www.gov.uk/\">GOV.UK</a><a href=\"tel:0800555111\">call</a></svg>",
            "<svg><use href=\"#icon\"/><image href=\"photo.png\"/><image href=\"data:image/png;base64,AAAA\"/></svg>",
            "<svg><style>rect { fill: url(#g) } .one { color: red }</style><text>online help</text></svg>",
        ];
        for svg in ok {
            assert_eq!(check(svg), Ok(()), "{svg}");
        }
    }

    #[test]
    fn the_offset_points_at_the_problem() {
        let svg = "<svg>\n  <script>x</script>\n</svg>";
        assert_eq!(check(svg).unwrap_err().offset, 8);
    }
}
