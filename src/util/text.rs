//! Text helpers.

/// Slugifies text for URLs: lower case ASCII letters, digits and hyphens.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// The longest slug placard writes, in bytes: a slug is a folder name, and file systems refuse
/// names over 255 bytes.
pub const MAX_SLUG_BYTES: usize = 200;

/// Is `slug` too long to be a folder name (see [`MAX_SLUG_BYTES`])?
pub fn slug_too_long(slug: &str) -> bool {
    slug.len() > MAX_SLUG_BYTES
}

/// Words that say only that an image is an image: alternative text of just one of them (or a
/// file name) tells a reader who cannot see the image nothing.
const PLACEHOLDER_ALTS: [&str; 9] = [
    "image",
    "photo",
    "picture",
    "img",
    "pic",
    "photograph",
    "graphic",
    "logo",
    "icon",
];

/// Image file extensions, as a file name used as alternative text ends.
const IMAGE_EXTENSIONS: [&str; 11] = [
    "jpg", "jpeg", "png", "gif", "webp", "svg", "avif", "heic", "heif", "tif", "tiff",
];

/// Why `alt` is not a description, if it is not: a file name (`photo.jpg`, `IMG_2041`,
/// `DSC01234`) or only a word such as "image" or "photo".
pub fn placeholder_alt(alt: &str) -> Option<&'static str> {
    let t = alt.trim();
    let lower = t.to_lowercase();
    let word = lower
        .trim_start_matches("an ")
        .trim_start_matches("a ")
        .trim_start_matches("the ")
        .trim_end_matches('.')
        .trim();
    if PLACEHOLDER_ALTS.contains(&word) {
        return Some("only says that it is an image");
    }
    if t.contains(char::is_whitespace) {
        return None;
    }
    let has_extension = lower
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && IMAGE_EXTENSIONS.contains(&ext));
    if has_extension || camera_name(&lower) {
        return Some("is a file name");
    }
    None
}

/// A camera's or phone's file name: letters (`img`, `dsc`, `pxl`, `dscn`), an optional `_` or
/// `-`, then digits (`IMG_2041`, `DSC01234`, `PXL_20240101_101010`).
fn camera_name(lower: &str) -> bool {
    let prefixes = [
        "img", "dsc", "dscn", "dscf", "pxl", "mvimg", "dji", "gopr", "sam", "wp",
    ];
    prefixes.iter().any(|p| {
        lower.strip_prefix(p).is_some_and(|rest| {
            let rest = rest.trim_start_matches(['_', '-']);
            rest.starts_with(|c: char| c.is_ascii_digit())
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '_' || c == '-')
        })
    })
}

/// The number of words in `text`, as `text.split_whitespace().count()` counts them, with
/// ASCII read byte by byte (only other characters are decoded).
pub fn word_count(text: &str) -> usize {
    let (mut count, mut in_word, mut i) = (0, false, 0);
    while i < text.len() {
        let (space, width) = space_at(text, i);
        count += usize::from(!space && !in_word);
        in_word = !space;
        i += width;
    }
    count
}

/// Is the character at byte `i` of `text` white space (as `char::is_whitespace` says), and how
/// many bytes is it? An ASCII byte is read as it is; only other characters are decoded.
pub fn space_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => (matches!(b, b'\t'..=b'\r' | b' '), 1),
        _ => {
            let c = text.get(i..).and_then(|t| t.chars().next());
            (
                c.is_some_and(char::is_whitespace),
                c.map_or(1, char::len_utf8),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_bare_words_are_not_descriptions() {
        for alt in [
            "photo.jpg",
            "IMG_2041",
            "img-2041",
            "DSC01234",
            "PXL_20240101_101010",
            "Image",
            "a photo",
            "picture.",
            "Banner.PNG",
        ] {
            assert!(placeholder_alt(alt).is_some(), "{alt}");
        }
        for alt in [
            "A volunteer handing out leaflets",
            "Image of a house at night",
            "2041 people marched",
            "imagine.",
            "The IMG building",
        ] {
            assert_eq!(placeholder_alt(alt), None, "{alt}");
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for t in [
            "",
            "  ",
            "one",
            " two  words ",
            "tab\tnew\nline\r\x0bvt\x0cff",
            "no-break\u{a0}space, thin\u{2009}space and ideographic\u{3000}space",
            "zgłoś گھریلو غلامی ہے",
            "\u{85}next line\u{2028}",
        ] {
            assert_eq!(word_count(t), t.split_whitespace().count(), "{t:?}");
        }
    }
}
