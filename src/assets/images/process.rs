//! Decode, orient, resize, encode. Every output is encoded from pixels, so no metadata (EXIF,
//! GPS, XMP) of the source survives.

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};
use serde::{Deserialize, Serialize};

pub use super::problem::Problem;
use super::problem::classify;
use super::{MAX_SIDE, budget};

/// libwebp's method, from 0 (fastest) to 6 (smallest). On photos, 2 takes about a third of the
/// time of the default 4 and makes files about 5 % larger.
const WEBP_METHOD: i32 = 2;

/// A narrower `<picture>` width is resized from a wider one already made when that one is at
/// least this many times as wide (as a fraction, 3/2), instead of from the full-size image: far
/// fewer pixels to read, and every step a real reduction, so few steps.
const CHAIN_FACTOR: (u64, u64) = (3, 2);

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Jpeg,
    Png,
    #[serde(rename = "webp")]
    WebP,
}

impl Encoding {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Encoding::Jpeg => "jpg",
            Encoding::Png => "png",
            Encoding::WebP => "webp",
        }
    }

    /// `jpeg`, `jpg`, `png` or `webp`.
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().as_str() {
            "jpeg" | "jpg" => Some(Encoding::Jpeg),
            "png" => Some(Encoding::Png),
            "webp" => Some(Encoding::WebP),
            _ => None,
        }
    }
}

/// How `resize_image` fits an image into the size asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Exactly width x height, ignoring the aspect ratio.
    Scale,
    /// The given width; the height keeps the aspect ratio.
    FitWidth,
    /// The given height; the width keeps the aspect ratio.
    FitHeight,
    /// As large as fits inside width x height, keeping the aspect ratio.
    Fit,
    /// Exactly width x height, cropping the middle of the image to keep its aspect ratio.
    Fill,
}

impl Op {
    pub fn parse(name: &str) -> Option<Op> {
        Some(match name {
            "scale" => Op::Scale,
            "fit_width" => Op::FitWidth,
            "fit_height" => Op::FitHeight,
            "fit" => Op::Fit,
            "fill" => Op::Fill,
            _ => return None,
        })
    }
}

/// What to make of a source image.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    /// `<picture>` variants: each width (never wider than the source) in the source's format
    /// and in lossy WebP.
    Responsive { widths: Vec<u32>, quality: u8 },
    /// One image for `resize_image`; `format: None` keeps the source's format.
    Resize {
        width: Option<u32>,
        height: Option<u32>,
        op: Op,
        format: Option<Encoding>,
        quality: u8,
    },
}

impl Spec {
    /// The options as text, hashed with the source bytes for the cache. Change the version
    /// when the output for the same options changes.
    pub fn key(&self) -> String {
        format!("placard-images-v2 {self:?}")
    }
}

/// One file made from a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// File name in the cache entry (`960.webp`), also the end of the output name.
    pub file: String,
    pub width: u32,
    pub height: u32,
    pub format: Encoding,
    pub bytes: u64,
}

/// Everything made from one source with one spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Made {
    /// Hash of the source bytes and the spec.
    pub hash: String,
    /// The source's size after orientation.
    pub width: u32,
    pub height: u32,
    /// The format of the `<img>` (the source's, or PNG/JPEG for GIF/WebP sources).
    pub fallback: Encoding,
    pub variants: Vec<Variant>,
}

/// Decodes an image (within limits against decompression bombs, and within the memory
/// [`budget`](super::budget) shared by every worker) and applies its EXIF orientation.
/// Returns the image, its format and its share of the budget (held while it is in use).
pub fn decode(
    bytes: &[u8],
) -> Result<(DynamicImage, ImageFormat, budget::Share<'static>), Problem> {
    if bytes.is_empty() {
        return Err(Problem::Empty);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Problem::Io(e.to_string()))?;
    let Some(format) = reader.format() else {
        return Err(Problem::Unsupported("not a recognised image format".into()));
    };
    super::strip::check_whole(format, bytes).map_err(Problem::Corrupt)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(1 << 30);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(classify)?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > budget::MAX_PIXELS {
        return Err(Problem::TooLarge(format!(
            "{width} x {height} is {} million pixels, over the limit of {} million",
            pixels / 1_000_000,
            budget::MAX_PIXELS / 1_000_000
        )));
    }
    let bytes_per_pixel = u64::from(decoder.color_type().bytes_per_pixel());
    let share = budget::DECODING
        .take(budget::need(width, height, bytes_per_pixel))
        .ok_or_else(|| {
            Problem::TooLarge(format!(
                "{width} x {height} at {bytes_per_pixel} bytes a pixel needs more than the {} MB \
                 images may take",
                budget::MEMORY >> 20
            ))
        })?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(classify)?;
    img.apply_orientation(orientation);
    // 8 bits per channel, with alpha only when the image has it.
    let img = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    Ok((img, format, share))
}

/// The format the `<img>` falls back to for a source format.
fn fallback_format(source: ImageFormat, img: &DynamicImage) -> Encoding {
    match source {
        ImageFormat::Jpeg => Encoding::Jpeg,
        ImageFormat::Png | ImageFormat::Gif => Encoding::Png,
        _ if img.color().has_alpha() => Encoding::Png,
        _ => Encoding::Jpeg,
    }
}

/// Resizes to exactly `w` x `h`; `crop` keeps the aspect ratio by cutting the edges.
fn resize(img: &DynamicImage, w: u32, h: u32, crop: bool) -> Result<DynamicImage, Problem> {
    if img.width() == w && img.height() == h {
        return Ok(img.clone());
    }
    let mut dst = DynamicImage::new(w, h, img.color());
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if crop {
        options = options.fit_into_destination(Some((0.5, 0.5)));
    }
    Resizer::new()
        .resize(img, &mut dst, &options)
        .map_err(|e| Problem::Io(format!("resizing failed: {e}")))?;
    Ok(dst)
}

/// Encodes pixels; the result carries no metadata.
pub fn encode(img: &DynamicImage, format: Encoding, quality: u8) -> Result<Vec<u8>, Problem> {
    encode_with_profile(img, format, quality, None)
}

/// [`encode`], with the ICC colour profile `icc` embedded in a JPEG or PNG (a WebP is written
/// without one).
pub fn encode_with_profile(
    img: &DynamicImage,
    format: Encoding,
    quality: u8,
    icc: Option<Vec<u8>>,
) -> Result<Vec<u8>, Problem> {
    let fail = |e: String| Problem::Io(format!("encoding {} failed: {e}", format.ext()));
    let mut out = Vec::new();
    match format {
        Encoding::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            let mut encoder = JpegEncoder::new_with_quality(&mut out, quality);
            if let Some(icc) = icc {
                encoder
                    .set_icc_profile(icc)
                    .map_err(|e| fail(e.to_string()))?;
            }
            rgb.write_with_encoder(encoder)
                .map_err(|e| fail(e.to_string()))?;
        }
        Encoding::Png => {
            let mut encoder = PngEncoder::new(&mut out);
            if let Some(icc) = icc {
                encoder
                    .set_icc_profile(icc)
                    .map_err(|e| fail(e.to_string()))?;
            }
            img.write_with_encoder(encoder)
                .map_err(|e| fail(e.to_string()))?;
        }
        Encoding::WebP => {
            let (w, h) = (img.width(), img.height());
            let mut config =
                libwebp_sys::WebPConfig::new().map_err(|()| fail("no WebP settings".into()))?;
            config.quality = f32::from(quality);
            config.method = WEBP_METHOD;
            let memory = match img {
                DynamicImage::ImageRgba8(b) => {
                    webp::Encoder::from_rgba(b.as_raw(), w, h).encode_advanced(&config)
                }
                other => {
                    let rgb = other.to_rgb8();
                    webp::Encoder::from_rgb(rgb.as_raw(), w, h).encode_advanced(&config)
                }
            };
            out = memory.map_err(|e| fail(format!("{e:?}")))?.to_vec();
        }
    }
    Ok(out)
}

/// The widths of the variants: the configured ones narrower than the image, and the image's
/// own width when some configured width is as wide or wider (never upscaled).
pub fn target_widths(widths: &[u32], own: u32) -> Vec<u32> {
    let mut out: Vec<u32> = widths.iter().copied().filter(|w| *w < own).collect();
    if widths.iter().any(|w| *w >= own) {
        out.push(own);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Which encodings to keep. "Replaces" means: the WebP of a width replaces (for browsers that
/// take WebP) the source-format file of the same width, so it is kept only when it is
/// smaller; a source-format file replaces the next wider one kept (on narrower screens), so
/// it is kept only when smaller than that one. The widest source-format file always stays.
/// `fallback` is sorted by width; returns the indices kept of each list.
pub fn keep_smaller(fallback: &[u64], webp: &[u64]) -> (Vec<usize>, Vec<usize>) {
    let mut kept_fallback = Vec::new();
    let mut wider: Option<u64> = None;
    for (i, size) in fallback.iter().enumerate().rev() {
        if wider.is_none_or(|w| *size < w) {
            kept_fallback.push(i);
            wider = Some(*size);
        }
    }
    kept_fallback.reverse();
    let kept_webp = webp
        .iter()
        .zip(fallback)
        .enumerate()
        .filter(|(i, (w, f))| w < f && kept_fallback.contains(i))
        .map(|(i, _)| i)
        .collect();
    (kept_fallback, kept_webp)
}

/// Makes the files of `spec` from the source bytes: the description (without its hash) and
/// each variant's bytes, in the same order.
pub fn make(bytes: &[u8], spec: &Spec) -> Result<(Made, Vec<Vec<u8>>), Problem> {
    let (img, source_format, _share) = decode(bytes)?;
    let (w, h) = (img.width(), img.height());
    let fallback = fallback_format(source_format, &img);
    let height_for = |width: u32| -> u32 {
        let h = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1));
        u32::try_from(h).unwrap_or(1).max(1)
    };
    let mut variants = Vec::new();
    let mut files = Vec::new();
    match spec {
        Spec::Responsive { widths, quality } => {
            let targets = target_widths(widths, w);
            let (plain, webp) = encode_widths(&img, &targets, &height_for, fallback, *quality)?;
            let sizes = |v: &[Vec<u8>]| v.iter().map(|b| b.len() as u64).collect::<Vec<_>>();
            let (keep_plain, keep_webp) = keep_smaller(&sizes(&plain), &sizes(&webp));
            let lists = [
                (fallback, plain, keep_plain),
                (Encoding::WebP, webp, keep_webp),
            ];
            for (format, list, keep) in lists {
                for (i, data) in list.into_iter().enumerate() {
                    if let (true, Some(width)) = (keep.contains(&i), targets.get(i)) {
                        variants.push(variant(*width, height_for(*width), format, &data));
                        files.push(data);
                    }
                }
            }
        }
        Spec::Resize {
            width,
            height,
            op,
            format,
            quality,
        } => {
            let (tw, th, crop) = resize_box(w, h, *width, *height, *op)?;
            let out = resize(&img, tw, th, crop)?;
            let format = format.unwrap_or(fallback);
            let data = encode(&out, format, *quality)?;
            variants.push(variant(tw, th, format, &data));
            files.push(data);
        }
    }
    Ok((
        Made {
            hash: String::new(),
            width: w,
            height: h,
            fallback,
            variants,
        },
        files,
    ))
}

/// For each width (sorted, ascending) of an image `own` pixels wide, the index of the wider
/// width it is resized from, or `None` for the full-size image: the narrowest wider one that
/// is at least [`CHAIN_FACTOR`] times as wide.
pub fn resize_sources(widths: &[u32], own: u32) -> Vec<Option<usize>> {
    let (num, den) = CHAIN_FACTOR;
    (0..widths.len())
        .map(|i| {
            let w = u64::from(widths[i]);
            (i + 1..widths.len()).find(|&j| {
                let from = u64::from(widths[j]);
                widths[j] < own && from * den >= w * num
            })
        })
        .collect()
}

/// Encoded files, one for each width.
type Files = Vec<Vec<u8>>;

/// Resizes the image to each of `targets` (widest first, each from the image
/// [`resize_sources`] picks) and encodes each in `fallback` and, unless that is WebP, in WebP.
/// Returns the two lists in the order of `targets`.
fn encode_widths(
    img: &DynamicImage,
    targets: &[u32],
    height_for: &dyn Fn(u32) -> u32,
    fallback: Encoding,
    quality: u8,
) -> Result<(Files, Files), Problem> {
    let sources = resize_sources(targets, img.width());
    let mut made: Vec<Option<DynamicImage>> = vec![None; targets.len()];
    let mut plain = vec![Vec::new(); targets.len()];
    let mut webp = vec![Vec::new(); targets.len()];
    for (i, width) in targets.iter().enumerate().rev() {
        let from = sources[i].and_then(|j| made[j].as_ref()).unwrap_or(img);
        let small = resize(from, *width, height_for(*width), false)?;
        plain[i] = encode(&small, fallback, quality)?;
        if fallback != Encoding::WebP {
            webp[i] = encode(&small, Encoding::WebP, quality)?;
        }
        made[i] = Some(small);
        // Let go of the wider images no narrower width is resized from.
        for (j, m) in made.iter_mut().enumerate().skip(i + 1) {
            if !sources[..i].contains(&Some(j)) {
                *m = None;
            }
        }
    }
    if fallback == Encoding::WebP {
        webp.clear();
    }
    Ok((plain, webp))
}

fn variant(width: u32, height: u32, format: Encoding, data: &[u8]) -> Variant {
    Variant {
        file: format!("{width}x{height}.{}", format.ext()),
        width,
        height,
        format,
        bytes: data.len() as u64,
    }
}

/// The output size of `resize_image` and whether it crops.
pub fn resize_box(
    w: u32,
    h: u32,
    width: Option<u32>,
    height: Option<u32>,
    op: Op,
) -> Result<(u32, u32, bool), Problem> {
    let need = |v: Option<u32>, name: &str| {
        v.filter(|v| (1..=MAX_SIDE).contains(v)).ok_or_else(|| {
            Problem::Unsupported(format!(
                "resize_image needs {name} from 1 to {MAX_SIDE} for this op"
            ))
        })
    };
    let scaled = |num: u32, by: u32, den: u32| -> u32 {
        let v = (u64::from(num) * u64::from(by) + u64::from(den) / 2) / u64::from(den.max(1));
        u32::try_from(v).unwrap_or(MAX_SIDE).clamp(1, MAX_SIDE)
    };
    Ok(match op {
        Op::Scale => (need(width, "width")?, need(height, "height")?, false),
        Op::FitWidth => {
            let tw = need(width, "width")?;
            (tw, scaled(h, tw, w), false)
        }
        Op::FitHeight => {
            let th = need(height, "height")?;
            (scaled(w, th, h), th, false)
        }
        Op::Fit => {
            let (bw, bh) = (need(width, "width")?, need(height, "height")?);
            if u64::from(w) * u64::from(bh) > u64::from(h) * u64::from(bw) {
                (bw, scaled(h, bw, w), false)
            } else {
                (scaled(w, bh, h), bh, false)
            }
        }
        Op::Fill => (need(width, "width")?, need(height, "height")?, true),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_upscaled() {
        assert_eq!(target_widths(&[480, 960, 1440], 4000), vec![480, 960, 1440]);
        assert_eq!(target_widths(&[480, 960, 1440], 1000), vec![480, 960, 1000]);
        assert_eq!(target_widths(&[480, 960, 1440], 300), vec![300]);
        assert_eq!(target_widths(&[480, 960], 960), vec![480, 960]);
    }

    #[test]
    fn narrower_widths_are_resized_from_wider_ones_made_before() {
        // 1440 from the photo, 960 from 1440, 480 from 960.
        assert_eq!(
            resize_sources(&[480, 960, 1440], 4000),
            vec![Some(1), Some(2), None]
        );
        // 1000 is the image itself: 960 is too close to it, and to 1000 alone.
        assert_eq!(
            resize_sources(&[480, 960, 1000], 1000),
            vec![Some(1), None, None]
        );
        // Close widths skip ahead to one at least 1.5 times as wide.
        assert_eq!(
            resize_sources(&[400, 500, 600, 700], 4000),
            vec![Some(2), None, None, None]
        );
        assert_eq!(resize_sources(&[300], 300), vec![None]);
        assert!(resize_sources(&[], 300).is_empty());
    }

    #[test]
    fn chained_variants_have_the_asked_sizes_and_are_deterministic() {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(400, 300, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        }));
        let mut jpeg = Vec::new();
        img.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        let spec = Spec::Responsive {
            widths: vec![60, 120, 250],
            quality: 80,
        };
        let (made, files) = make(&jpeg, &spec).unwrap();
        let sizes: Vec<(u32, u32, Encoding)> = made
            .variants
            .iter()
            .map(|v| (v.width, v.height, v.format))
            .collect();
        assert!(sizes.contains(&(60, 45, Encoding::Jpeg)), "{sizes:?}");
        assert!(sizes.contains(&(120, 90, Encoding::Jpeg)), "{sizes:?}");
        assert!(sizes.contains(&(250, 188, Encoding::Jpeg)), "{sizes:?}");
        for (v, data) in made.variants.iter().zip(&files) {
            let decoded = image::load_from_memory(data).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (v.width, v.height));
        }
        assert_eq!(make(&jpeg, &spec).unwrap().1, files);
    }

    #[test]
    fn only_smaller_variants_are_kept() {
        // The 480 PNG is larger than the 960 one: dropped; WebP kept only where smaller.
        let (f, w) = keep_smaller(&[900, 800, 2000], &[100, 900, 1500]);
        assert_eq!(f, vec![1, 2]);
        assert_eq!(w, vec![2]);
    }

    #[test]
    fn resize_boxes() {
        assert_eq!(
            resize_box(4000, 3000, Some(400), None, Op::FitWidth),
            Ok((400, 300, false))
        );
        assert_eq!(
            resize_box(4000, 3000, None, Some(300), Op::FitHeight),
            Ok((400, 300, false))
        );
        assert_eq!(
            resize_box(4000, 3000, Some(300), Some(300), Op::Fit),
            Ok((300, 225, false))
        );
        assert_eq!(
            resize_box(4000, 3000, Some(300), Some(300), Op::Fill),
            Ok((300, 300, true))
        );
        assert!(resize_box(4000, 3000, None, None, Op::Scale).is_err());
    }

    #[test]
    fn damaged_and_empty_images_are_problems() {
        assert_eq!(decode(b"").unwrap_err(), Problem::Empty);
        assert!(matches!(
            decode(b"hello, not an image").unwrap_err(),
            Problem::Unsupported(_)
        ));
        let mut png = Vec::new();
        DynamicImage::new_rgb8(40, 30)
            .write_with_encoder(PngEncoder::new(&mut png))
            .unwrap();
        png.truncate(png.len() / 2);
        assert!(matches!(decode(&png).unwrap_err(), Problem::Corrupt(_)));
    }
}
