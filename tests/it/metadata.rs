//! No metadata leaves the site folder in an image: photos made like a phone's (EXIF with GPS,
//! XMP, an MPF APP2 segment, and a second JPEG with its own GPS EXIF after the end marker, as
//! phones store a depth map, gain map or motion photo) are published without any of it, in
//! every copy: `static/`, page bundles, downloads, the ZIP of a page's downloads and the
//! resized variants. Copied SVGs that run code are refused.

use std::io::{Cursor, Read};

use crate::util::{Site, fails_and_keeps_output};

const BASE: &str = "downloads/base";

/// Text that must not reach any published byte.
const SECRETS: [&[u8]; 7] = [
    b"Exif",
    b"REFUGE-GPS",
    b"SECOND-IMAGE",
    b"xmpmeta",
    b"MPF\0",
    b"taken at the refuge",
    b"53.4808N",
];

/// A TIFF (EXIF) block: Orientation, and a GPS IFD with latitude and area text `place`.
fn tiff(orientation: u16, place: &str) -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        [
            &tag.to_le_bytes()[..],
            &kind.to_le_bytes(),
            &count.to_le_bytes(),
            &value.to_le_bytes(),
        ]
        .concat()
    };
    // IFD0 at 8: 2 entries (30 bytes); the GPS IFD at 38: 3 entries (42 bytes); data at 80.
    t.extend(2u16.to_le_bytes());
    t.extend(entry(0x0112, 3, 1, u32::from(orientation)));
    t.extend(entry(0x8825, 4, 1, 38));
    t.extend(0u32.to_le_bytes());
    let area = format!("ASCII\0\0\0{place}");
    t.extend(3u16.to_le_bytes());
    t.extend(entry(0x0001, 2, 2, u32::from(b'N')));
    t.extend(entry(0x0002, 5, 3, 80));
    t.extend(entry(0x001C, 7, u32::try_from(area.len()).unwrap(), 104));
    t.extend(0u32.to_le_bytes());
    for (n, d) in [(53u32, 1u32), (28, 1), (4848, 100)] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    t.extend(area.as_bytes());
    t
}

fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
    let len = u16::try_from(contents.len() + 2).unwrap().to_be_bytes();
    [&[0xFF, marker], &len[..], contents].concat()
}

fn pixels(w: u32, h: u32, seed: u8) -> image::DynamicImage {
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, seed])
    }))
}

fn encode_jpeg(img: &image::DynamicImage) -> Vec<u8> {
    let mut buf = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut buf, 90,
    ))
    .unwrap();
    buf
}

/// A JPEG made like a phone's: EXIF with GPS, XMP, MPF, a comment, then after the end
/// marker a second JPEG with its own EXIF and GPS.
fn phone_jpeg(orientation: u16) -> Vec<u8> {
    let main = encode_jpeg(&pixels(64, 48, 10));
    let second = encode_jpeg(&pixels(32, 24, 200));
    let mut out = vec![0xFF, 0xD8];
    out.extend(segment(
        0xE1,
        &[&b"Exif\0\0"[..], &tiff(orientation, "REFUGE-GPS")].concat(),
    ));
    out.extend(segment(
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude=\"53.4808N\"/></x:xmpmeta>",
    ));
    let mut mpf = b"MPF\0II*\0\x08\0\0\0\x01\0\x01\xb0\x04\0\x01\0\0\0\x02\0\0\0\0\0\0\0".to_vec();
    mpf.extend(u32::try_from(main.len()).unwrap().to_le_bytes());
    out.extend(segment(0xE2, &mpf));
    out.extend(segment(0xFE, b"taken at the refuge"));
    out.extend_from_slice(&main[2..]);
    // The second image, as phones append it.
    out.extend_from_slice(&[0xFF, 0xD8]);
    out.extend(segment(
        0xE1,
        &[&b"Exif\0\0"[..], &tiff(1, "SECOND-IMAGE-GPS")].concat(),
    ));
    out.extend_from_slice(&second[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let len = u32::try_from(data.len()).unwrap().to_be_bytes();
    let crc = crc32(&[&kind[..], data].concat()).to_be_bytes();
    [&len[..], kind, data, &crc].concat()
}

fn phone_png() -> Vec<u8> {
    let mut png = Vec::new();
    pixels(20, 10, 50)
        .write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
        .unwrap();
    let mut out = png[..33].to_vec();
    out.extend(png_chunk(b"eXIf", &tiff(1, "REFUGE-GPS")));
    out.extend(png_chunk(
        b"iTXt",
        b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>",
    ));
    out.extend(png_chunk(b"tEXt", b"Comment\0taken at the refuge"));
    out.extend_from_slice(&png[33..]);
    out.extend_from_slice(b"SECOND-IMAGE");
    out
}

fn riff_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let len = u32::try_from(data.len()).unwrap().to_le_bytes();
    let pad: &[u8] = if data.len() % 2 == 1 { &[0] } else { &[] };
    [kind, &len[..], data, pad].concat()
}

fn phone_webp() -> Vec<u8> {
    let mut plain = Vec::new();
    pixels(20, 10, 90)
        .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut plain))
        .unwrap();
    // The plain file is RIFF + one VP8L chunk; rebuild it with VP8X, EXIF and XMP.
    let vp8l = plain[12..].to_vec();
    let vp8x = riff_chunk(b"VP8X", &[0x08 | 0x04, 0, 0, 0, 19, 0, 0, 9, 0, 0]);
    let exif = riff_chunk(b"EXIF", &tiff(1, "REFUGE-GPS"));
    let xmp = riff_chunk(b"XMP ", b"<x:xmpmeta>53.4808N</x:xmpmeta>");
    let body = [vp8x, vp8l, exif, xmp].concat();
    let len = u32::try_from(body.len() + 4).unwrap().to_le_bytes();
    let mut out = [&b"RIFF"[..], &len, b"WEBP", &body].concat();
    out.extend_from_slice(b"SECOND-IMAGE");
    out
}

fn phone_gif() -> Vec<u8> {
    let mut gif = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut gif);
        let frame = image::Frame::new(pixels(8, 8, 1).to_rgba8());
        enc.encode_frames([frame]).unwrap();
    }
    let mut out = gif[..gif.len() - 1].to_vec();
    out.extend_from_slice(&[0x21, 0xFE, 19]);
    out.extend_from_slice(b"taken at the refuge");
    out.push(0);
    out.extend_from_slice(&[0x21, 0xFF, 11]);
    out.extend_from_slice(b"XMP DataXMP");
    out.extend_from_slice(&[7]);
    out.extend_from_slice(b"xmpmeta");
    out.push(0);
    out.push(0x3B);
    out.extend_from_slice(b"SECOND-IMAGE");
    out
}

fn phone_site() -> Site {
    let site = Site::new(BASE);
    for (rel, bytes) in [
        ("static/images/phone.jpg", phone_jpeg(1)),
        ("static/images/sideways.jpg", phone_jpeg(6)),
        ("static/images/phone.png", phone_png()),
        ("static/images/phone.webp", phone_webp()),
        ("static/images/phone.gif", phone_gif()),
        ("content/refuge/photo.jpg", phone_jpeg(1)),
        ("content/refuge/logo.png", phone_png()),
    ] {
        site.write(rel, bytes);
    }
    site.write(
        "content/refuge/index.md",
        "---\ntitle: The refuge\ntemplate: downloads.html\nbundle: true\ndownloads:\n  - file: photo.jpg\n    title: A photo of the garden\n  - file: /images/phone.png\n    title: A poster\n  - file: /images/phone.gif\n    title: A badge\n---\n![The garden in spring](photo.jpg)\n\n![A badge](/images/phone.webp)\n",
    );
    site
}

/// Every published file, with the entries of ZIPs as files of their own.
fn published(site: &Site) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (rel, bytes) in site.output_files() {
        if rel.ends_with(".zip") {
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                entry.read_to_end(&mut data).unwrap();
                out.push((format!("{rel}!{}", entry.name().unwrap()), data));
            }
        }
        out.push((rel, bytes));
    }
    out
}

#[test]
fn the_fixture_is_like_a_phones_photo() {
    let jpeg = phone_jpeg(1);
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(&jpeg))
        .unwrap();
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_some()
    );
    assert!(image::load_from_memory(&jpeg).is_ok());
    for bytes in [phone_png(), phone_webp(), phone_gif()] {
        assert!(image::load_from_memory(&bytes).is_ok());
    }
}

#[test]
fn no_published_byte_says_where_a_photo_was_taken() {
    let site = phone_site();
    site.build_ok();
    let files = published(&site);
    let images: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(rel, _)| {
            [".jpg", ".png", ".webp", ".gif"]
                .iter()
                .any(|e| rel.ends_with(e))
        })
        .collect();
    // static copies (5), bundle copies (2), the ZIP's three entries, and resized variants.
    assert!(
        images.len() >= 12,
        "{:?}",
        images.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(images.iter().any(|(r, _)| r.contains(".zip!")));
    assert!(
        images
            .iter()
            .any(|(r, _)| r.starts_with("processed-images/"))
    );
    for (rel, bytes) in &files {
        for secret in SECRETS {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "{rel} contains {:?}",
                String::from_utf8_lossy(secret)
            );
        }
    }
    for (rel, bytes) in &images {
        let img = image::load_from_memory(bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        if rel.ends_with(".jpg") {
            // One image only: the second one after the end marker is gone.
            let starts = bytes
                .windows(3)
                .filter(|w| *w == [0xFF, 0xD8, 0xFF])
                .count();
            assert_eq!(starts, 1, "{rel}");
        }
        if rel == "images/sideways.jpg" {
            // Orientation 6 (turned 90 degrees): published upright, without the EXIF.
            assert_eq!((img.width(), img.height()), (48, 64), "{rel}");
        } else if rel == "images/phone.jpg" {
            assert_eq!((img.width(), img.height()), (64, 48), "{rel}");
        }
    }
}

#[test]
fn an_svg_that_runs_a_script_is_refused() {
    let run = fails_and_keeps_output(BASE, |site| {
        site.write(
            "static/images/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"4\" height=\"4\"/>\n  <script>fetch('/?' + document.cookie)</script>\n</svg>\n",
        );
    });
    run.stderr_has(&[
        "static/images/logo.svg:3:3",
        "is not safe to publish",
        "`<script>`",
        "publish a PNG instead",
    ]);
}

#[test]
fn an_svg_with_an_event_handler_or_outside_reference_is_refused() {
    for (svg, needle) in [
        ("<svg onload=\"alert(1)\"><rect/></svg>", "event handler"),
        (
            "<svg><image href=\"https://tracker.example/p.png\"/></svg>",
            "another site",
        ),
        (
            "<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "javascript:",
        ),
        (
            "<svg><foreignObject><p>x</p></foreignObject></svg>",
            "foreignObject",
        ),
    ] {
        let run = fails_and_keeps_output(BASE, |site| {
            site.write("content/materials/badge.svg", svg);
        });
        run.stderr_has(&["content/materials/badge.svg", needle]);
    }
}

#[test]
fn a_plain_svg_is_copied_as_it_is() {
    let site = Site::new(BASE);
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"https://www.gov.uk/\"><rect fill=\"url(#g)\"/></a></svg>";
    site.write("static/images/logo.svg", svg);
    site.build_ok();
    assert_eq!(site.read("images/logo.svg"), svg);
}
