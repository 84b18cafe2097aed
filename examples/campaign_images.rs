//! Draws the bundled site's campaign pictures (static/images/campaigns/) and the test
//! fixture's logo and favicon (tests/fixtures/theme/other-campaign/static/images/): simple
//! flat shapes, our own, no text. Run `cargo run --example campaign_images` to make them again.

use image::{Rgb, RgbImage};

type Shape = dyn Fn(f32, f32) -> bool;

/// Fills the pixels where `inside(x, y)` holds.
fn fill(img: &mut RgbImage, colour: [u8; 3], inside: &Shape) {
    let (w, h) = img.dimensions();
    for y in 0..h {
        for x in 0..w {
            if inside(x as f32, y as f32) {
                img.put_pixel(x, y, Rgb(colour));
            }
        }
    }
}

fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Box<Shape> {
    Box::new(move |x, y| x >= x0 && x < x1 && y >= y0 && y < y1)
}

/// A roof: the triangle over [x0, x1] with its tip at (mid, top) and base at `base`.
fn roof(x0: f32, x1: f32, top: f32, base: f32) -> Box<Shape> {
    Box::new(move |x, y| {
        let mid = (x0 + x1) / 2.0;
        let half = (x1 - x0) / 2.0;
        y >= top && y < base && (x - mid).abs() <= half * (y - top) / (base - top)
    })
}

/// Home Truths: a street of ordinary houses, one window lit.
fn home_truths() -> RgbImage {
    let (w, h) = (1600, 700);
    let mut img = RgbImage::from_pixel(w, h, Rgb([0xdc, 0xe6, 0xee]));
    fill(
        &mut img,
        [0x5a, 0x6b, 0x5a],
        &rect(0.0, 560.0, 1600.0, 700.0),
    );
    let houses = [
        (60.0, 0x8c3b2e),
        (420.0, 0xa0522d),
        (780.0, 0x7a4a3a),
        (1140.0, 0x94473a),
    ];
    for (i, (x, brick)) in houses.iter().enumerate() {
        let c = [
            (brick >> 16) as u8,
            (brick >> 8 & 0xff) as u8,
            (brick & 0xff) as u8,
        ];
        fill(&mut img, c, &rect(*x, 300.0, x + 320.0, 560.0));
        fill(
            &mut img,
            [0x3b, 0x3b, 0x46],
            &roof(x - 20.0, x + 340.0, 170.0, 300.0),
        );
        fill(
            &mut img,
            [0x2e, 0x2a, 0x33],
            &rect(x + 130.0, 430.0, x + 190.0, 560.0),
        );
        for wx in [x + 40.0, x + 220.0] {
            let lit = i == 2 && wx > x + 100.0;
            let glass = if lit {
                [0xff, 0xd4, 0x6b]
            } else {
                [0x9f, 0xb4, 0xc7]
            };
            fill(&mut img, glass, &rect(wx, 340.0, wx + 60.0, 400.0));
            fill(&mut img, glass, &rect(wx, 450.0, wx + 60.0, 510.0));
        }
    }
    img
}

/// Trapped: a film strip across a dark frame, one frame barred.
fn trapped() -> RgbImage {
    let (w, h) = (1600, 700);
    let mut img = RgbImage::from_pixel(w, h, Rgb([0x1d, 0x23, 0x2b]));
    fill(
        &mut img,
        [0x0d, 0x0f, 0x12],
        &rect(0.0, 170.0, 1600.0, 530.0),
    );
    for i in 0..40 {
        let x = i as f32 * 40.0 + 10.0;
        fill(
            &mut img,
            [0xe8, 0xe8, 0xe8],
            &rect(x, 190.0, x + 20.0, 215.0),
        );
        fill(
            &mut img,
            [0xe8, 0xe8, 0xe8],
            &rect(x, 485.0, x + 20.0, 510.0),
        );
    }
    let frames = [0x2f6f8f, 0x3f7f6f, 0x8f6f2f, 0x6f3f7f];
    for (i, c) in frames.iter().enumerate() {
        let x = 60.0 + i as f32 * 385.0;
        let c = [(c >> 16) as u8, (c >> 8 & 0xff) as u8, (c & 0xff) as u8];
        fill(&mut img, c, &rect(x, 240.0, x + 345.0, 460.0));
        // a figure: head and body
        let cx = x + 172.0;
        fill(
            &mut img,
            [0x15, 0x15, 0x18],
            &Box::new(move |px: f32, py: f32| (px - cx).powi(2) + (py - 300.0).powi(2) < 900.0),
        );
        fill(
            &mut img,
            [0x15, 0x15, 0x18],
            &rect(cx - 40.0, 335.0, cx + 40.0, 460.0),
        );
        if i == 2 {
            for b in 0..7 {
                let bx = x + 20.0 + b as f32 * 50.0;
                fill(
                    &mut img,
                    [0x0d, 0x0f, 0x12],
                    &rect(bx, 240.0, bx + 12.0, 460.0),
                );
            }
        }
    }
    img
}

/// Crossing the Lines: roads crossing a county map, in school colours.
fn crossing_the_lines() -> RgbImage {
    let (w, h) = (1600, 700);
    let mut img = RgbImage::from_pixel(w, h, Rgb([0xf4, 0xf1, 0xe6]));
    let line = |slope: f32, offset: f32, width: f32| -> Box<Shape> {
        Box::new(move |x, y| (y - (slope * x + offset)).abs() < width)
    };
    fill(&mut img, [0xd9, 0xe8, 0xc9], &rect(0.0, 0.0, 700.0, 700.0));
    fill(
        &mut img,
        [0xc9, 0xdc, 0xe8],
        &rect(900.0, 0.0, 1600.0, 700.0),
    );
    fill(&mut img, [0x0b, 0x5c, 0x57], &line(0.35, 80.0, 22.0));
    fill(&mut img, [0xb3, 0x44, 0x1e], &line(-0.4, 650.0, 22.0));
    fill(&mut img, [0x26, 0x3a, 0x6e], &line(0.0, 350.0, 14.0));
    for i in 0..16 {
        let x = i as f32 * 100.0;
        fill(
            &mut img,
            [0xff, 0xff, 0xff],
            &rect(x, 346.0, x + 50.0, 354.0),
        );
    }
    img
}

/// The fixture's logo: a house in a circle, in the fixture's colours.
fn logo(size: u32) -> RgbImage {
    let mut img = RgbImage::from_pixel(size, size, Rgb([0xff, 0xff, 0xff]));
    let s = size as f32;
    let c = s / 2.0;
    fill(
        &mut img,
        [0x0b, 0x4f, 0x4a],
        &Box::new(move |x: f32, y: f32| (x - c).powi(2) + (y - c).powi(2) < (s * 0.48).powi(2)),
    );
    fill(
        &mut img,
        [0xff, 0xff, 0xff],
        &roof(s * 0.2, s * 0.8, s * 0.2, s * 0.48),
    );
    fill(
        &mut img,
        [0xff, 0xff, 0xff],
        &rect(s * 0.28, s * 0.48, s * 0.72, s * 0.78),
    );
    fill(
        &mut img,
        [0xc2, 0x4e, 0x00],
        &rect(s * 0.44, s * 0.58, s * 0.56, s * 0.78),
    );
    img
}

fn save(img: &RgbImage, path: &str) {
    if let Some(dir) = std::path::Path::new(path).parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    img.save(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    println!("wrote {path}");
}

fn main() {
    save(&home_truths(), "static/images/campaigns/home-truths.jpg");
    save(&trapped(), "static/images/campaigns/trapped.jpg");
    save(
        &crossing_the_lines(),
        "static/images/campaigns/crossing-the-lines.jpg",
    );
    let fixture = "tests/fixtures/theme/other-campaign/static/images";
    save(&logo(256), &format!("{fixture}/logo.png"));
    save(&logo(512), &format!("{fixture}/favicon.png"));
    save(&home_truths(), &format!("{fixture}/share.jpg"));
}
