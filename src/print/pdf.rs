//! Drawing a laid-out document with krilla, as a tagged PDF/UA-1 file: every text run and
//! picture is marked content in the structure tree (H1.., P, L > LI > Lbl + LBody, Figure
//! with /Alt, Link with its annotation) in reading order; bands and writing lines are
//! artifacts; the fonts are embedded as subsets; the title is shown as the window title.

use std::collections::BTreeMap;
use std::num::NonZeroU16;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, Tag, TagGroup, TagTree,
};
use krilla::{Document, SerializeSettings};

use super::layout::{Art, Item, Kind, Layout};
use super::svg;
use super::text::{self, Run};

/// The document's title, language and the pages.
pub struct Meta<'a> {
    pub title: &'a str,
    /// A BCP 47 tag: `en-GB`, `ur`, `pl`.
    pub lang: &'a str,
    pub description: Option<&'a str>,
}

/// One marked piece of a block: its identifier, where it starts in the reading order, and
/// the link it belongs to.
struct Piece {
    id: Identifier,
    order: (usize, usize, usize),
    label: bool,
    link: Option<(String, Identifier)>,
}

/// The PDF of `layout`, or what krilla's PDF/UA-1 validation found wrong.
pub fn write(layout: &Layout, meta: &Meta<'_>) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| format!("{e:?}"))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut doc = Document::new_with(settings);
    let mut pieces: BTreeMap<usize, Vec<Piece>> = BTreeMap::new();
    let size = Size::from_wh(layout.width, layout.height).ok_or("the page has no size")?;
    for (page_no, items) in layout.pages.iter().enumerate() {
        let mut page = doc.start_page_with(PageSettings::new(size));
        let mut links = Vec::new();
        {
            let mut surface = page.surface();
            for (n, item) in items.iter().enumerate() {
                let order = (page_no, n);
                draw(&mut surface, item, order, meta, &mut pieces, &mut links);
            }
            surface.finish();
        }
        for (block, at, url, rect) in links {
            let annotation = Annotation::new_link(
                LinkAnnotation::new(
                    rect,
                    Target::Action(Action::Link(LinkAction::new(url.clone()))),
                ),
                Some(url.clone()),
            );
            let id = page.add_tagged_annotation(annotation);
            if let Some(p) = pieces.get_mut(&block).and_then(|v| v.get_mut(at)) {
                p.link = Some((url, id));
            }
        }
        page.finish();
    }
    let mut metadata = Metadata::new()
        .title(meta.title.to_string())
        .language(meta.lang.to_string())
        .creator("placard".into());
    if let Some(d) = meta.description {
        metadata = metadata.description(d.to_string());
    }
    doc.set_metadata(metadata);
    doc.set_outline(outline(layout));
    doc.set_tag_tree(tree(layout, pieces, meta));
    doc.finish().map_err(|e| format!("{e:?}"))
}

type Links = Vec<(usize, usize, String, Rect)>;

fn draw(
    surface: &mut Surface<'_>,
    item: &Item,
    (page, n): (usize, usize),
    meta: &Meta<'_>,
    pieces: &mut BTreeMap<usize, Vec<Piece>>,
    links: &mut Links,
) {
    match item {
        Item::Text {
            x,
            y,
            size,
            colour,
            run,
            block,
            label,
        } => {
            let span = SpanTag::empty().with_actual_text(None);
            let id = surface.start_tagged(ContentTag::Span(span));
            draw_run(surface, run, *x, *y, *size, *colour);
            surface.end_tagged();
            let list = pieces.entry(*block).or_default();
            if let Some(url) = &run.style.link
                && let Some(rect) =
                    Rect::from_xywh(*x, y - size * text::ASCENT, run.width.max(1.0), size * 1.35)
            {
                links.push((*block, list.len(), url.clone(), rect));
            }
            list.push(Piece {
                id,
                order: (page, run.logical, n),
                label: *label,
                link: None,
            });
        }
        Item::Art {
            x,
            y,
            w,
            h,
            art,
            block,
        } => {
            let tag = match block {
                Some(_) => ContentTag::Other,
                None => {
                    ContentTag::Artifact(krilla::tagging::Artifact::with_kind(ArtifactType::Other))
                }
            };
            let id = surface.start_tagged(tag);
            draw_art(surface, art, *x, *y, *w, *h);
            surface.end_tagged();
            if let Some(b) = block {
                pieces.entry(*b).or_default().push(Piece {
                    id,
                    order: (page, 0, n),
                    label: false,
                    link: None,
                });
            }
        }
        Item::Qr {
            x,
            y,
            module,
            qr,
            block,
        } => {
            let id = surface.start_tagged(ContentTag::Other);
            let mut pb = PathBuilder::new();
            let quiet = super::qr::QUIET as f32;
            for (row, col, len) in &qr.runs {
                let rx = x + (quiet + *col as f32) * module;
                let ry = y + (quiet + *row as f32) * module;
                if let Some(r) = Rect::from_xywh(rx, ry, *len as f32 * module, *module) {
                    pb.push_rect(r);
                }
            }
            fill(surface, [0, 0, 0]);
            if let Some(path) = pb.finish() {
                surface.draw_path(&path);
            }
            surface.end_tagged();
            pieces.entry(*block).or_default().push(Piece {
                id,
                order: (page, 0, n),
                label: false,
                link: None,
            });
        }
        Item::Rect { x, y, w, h, colour } => {
            let _ = meta;
            surface.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
                ArtifactType::Other,
            )));
            let mut pb = PathBuilder::new();
            if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                pb.push_rect(r);
            }
            fill(surface, *colour);
            if let Some(path) = pb.finish() {
                surface.draw_path(&path);
            }
            surface.end_tagged();
        }
    }
}

fn fill(surface: &mut Surface<'_>, [r, g, b]: [u8; 3]) {
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(r, g, b).into(),
        ..Fill::default()
    }));
    surface.set_stroke(None);
}

fn draw_run(surface: &mut Surface<'_>, run: &Run, x: f32, y: f32, size: f32, colour: [u8; 3]) {
    let Some(font) = text::font(run.font) else {
        return;
    };
    fill(surface, colour);
    surface.draw_glyphs(
        Point::from_xy(x, y),
        &run.glyphs,
        font,
        &run.text,
        size,
        false,
    );
}

fn draw_art(surface: &mut Surface<'_>, art: &Art, x: f32, y: f32, w: f32, h: f32) {
    match art {
        Art::Bitmap(image) => {
            let Some(size) = Size::from_wh(w, h) else {
                return;
            };
            surface.push_transform(&krilla::geom::Transform::from_translate(x, y));
            surface.draw_image((**image).clone(), size);
            surface.pop();
        }
        Art::Vector(pic) => draw_svg(surface, pic, x, y, w, h),
    }
}

/// Draws a picture scaled to fit `w` by `h`, centred.
fn draw_svg(surface: &mut Surface<'_>, pic: &svg::Picture, x: f32, y: f32, w: f32, h: f32) {
    let [vx, vy, vw, vh] = pic.view;
    let scale = (w / vw).min(h / vh);
    let ox = x + (w - vw * scale) / 2.0 - vx * scale;
    let oy = y + (h - vh * scale) / 2.0 - vy * scale;
    let p = |a: f32, b: f32| (ox + a * scale, oy + b * scale);
    for shape in &pic.shapes {
        let mut pb = PathBuilder::new();
        for cmd in &shape.cmds {
            match *cmd {
                svg::Cmd::Move(a, b) => {
                    let (a, b) = p(a, b);
                    pb.move_to(a, b)
                }
                svg::Cmd::Line(a, b) => {
                    let (a, b) = p(a, b);
                    pb.line_to(a, b)
                }
                svg::Cmd::Cubic(a, b, c, d, e, f) => {
                    let ((a, b), (c, d), (e, f)) = (p(a, b), p(c, d), p(e, f));
                    pb.cubic_to(a, b, c, d, e, f)
                }
                svg::Cmd::Quad(a, b, c, d) => {
                    let ((a, b), (c, d)) = (p(a, b), p(c, d));
                    pb.quad_to(a, b, c, d)
                }
                svg::Cmd::Close => pb.close(),
            }
        }
        let Some(path) = pb.finish() else { continue };
        surface.set_fill(shape.fill.map(|[r, g, b]| Fill {
            paint: rgb::Color::new(r, g, b).into(),
            ..Fill::default()
        }));
        surface.set_stroke(shape.stroke.map(|[r, g, b]| Stroke {
            paint: rgb::Color::new(r, g, b).into(),
            width: shape.stroke_width * scale,
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
    }
    surface.set_stroke(None);
}

/// The outline (bookmarks): every heading, at the top of its first line.
fn outline(layout: &Layout) -> Outline {
    let mut outline = Outline::new();
    let mut seen = std::collections::BTreeSet::new();
    for (page, items) in layout.pages.iter().enumerate() {
        for item in items {
            if let Item::Text { y, size, block, .. } = item
                && let Some(Kind::Heading(_, title)) = layout.blocks.get(*block)
                && seen.insert(*block)
            {
                let at = Point::from_xy(0.0, (y - size * 1.2).max(0.0));
                outline.push_child(OutlineNode::new(
                    title.clone(),
                    XyzDestination::new(page, at),
                ));
            }
        }
    }
    outline
}

/// The structure tree: one group per block, in the order the blocks were laid out; the
/// pieces of a block in reading order; list items grouped into lists.
fn tree(layout: &Layout, mut pieces: BTreeMap<usize, Vec<Piece>>, meta: &Meta<'_>) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some(meta.lang.to_string()));
    let mut list: Option<(usize, TagGroup)> = None;
    for (i, kind) in layout.blocks.iter().enumerate() {
        let mut parts = pieces.remove(&i).unwrap_or_default();
        if parts.is_empty() {
            continue;
        }
        parts.sort_by_key(|p| p.order);
        if let Some((id, group)) = list.take() {
            match kind {
                Kind::Item { list: l, .. } if *l == id => list = Some((id, group)),
                _ => tree.push(group),
            }
        }
        match kind {
            Kind::Item { list: l, ordered } => {
                let (_, group) = list.get_or_insert_with(|| {
                    let numbering = if *ordered {
                        ListNumbering::Decimal
                    } else {
                        ListNumbering::Disc
                    };
                    (*l, TagGroup::new(Tag::L(numbering)))
                });
                group.push(item(parts));
            }
            Kind::Heading(level, title) => {
                let level = NonZeroU16::new(u16::from(*level).max(1)).unwrap_or(NonZeroU16::MIN);
                let tag = Tag::Hn(level, Some(title.clone()));
                tree.push(TagGroup::with_children(tag, spans(parts)));
            }
            Kind::Para => tree.push(TagGroup::with_children(Tag::P, spans(parts))),
            Kind::Figure(alt) => {
                let tag = Tag::Figure(Some(alt.clone()));
                tree.push(TagGroup::with_children(tag, spans(parts)));
            }
        }
    }
    if let Some((_, group)) = list {
        tree.push(group);
    }
    tree
}

/// A list item: its label, then its body.
fn item(parts: Vec<Piece>) -> TagGroup {
    let (labels, body): (Vec<Piece>, Vec<Piece>) = parts.into_iter().partition(|p| p.label);
    let mut li = TagGroup::new(Tag::LI);
    if !labels.is_empty() {
        li.push(TagGroup::with_children(Tag::Lbl, spans(labels)));
    }
    li.push(TagGroup::with_children(Tag::LBody, spans(body)));
    li
}

/// The pieces as nodes; the pieces of a link (and its annotation) in a Link group.
fn spans(parts: Vec<Piece>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    let mut link: Option<(String, TagGroup)> = None;
    for p in parts {
        match p.link {
            Some((url, annot)) => {
                let same = link.as_ref().is_some_and(|(u, _)| *u == url);
                if !same && let Some((_, g)) = link.take() {
                    out.push(g.into());
                }
                let (_, group) = link.get_or_insert_with(|| (url, TagGroup::new(Tag::Link)));
                group.push(p.id);
                group.push(annot);
            }
            None => {
                if let Some((_, g)) = link.take() {
                    out.push(g.into());
                }
                out.push(p.id.into());
            }
        }
    }
    if let Some((_, g)) = link {
        out.push(g.into());
    }
    out
}
