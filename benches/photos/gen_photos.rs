//! Writes N photo-like JPEGs of 4000 x 3000 pixels for the image benchmark (`benches/images`):
//! smooth light and colour that vary over the frame, shapes with edges, and fine sensor-like
//! noise, so they compress like photos rather than flat colour. Deterministic: photo `i` is the
//! same on every run.
//!
//!     cargo run --release --example gen_photos -- 20 DIR

use std::path::PathBuf;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

fn photo(seed: u64, width: u32, height: u32) -> image::RgbImage {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let waves: Vec<[f32; 4]> = (0..6)
        .map(|_| {
            [
                rng.unit() * 6.0 + 0.5,
                rng.unit() * 6.0 + 0.5,
                rng.unit() * 6.3,
                rng.unit(),
            ]
        })
        .collect();
    let discs: Vec<[f32; 6]> = (0..12)
        .map(|_| {
            [
                rng.unit(),
                rng.unit(),
                rng.unit() * 0.15 + 0.02,
                rng.unit() * 255.0,
                rng.unit() * 255.0,
                rng.unit() * 255.0,
            ]
        })
        .collect();
    image::RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        let mut c = [0f32; 3];
        for (i, w) in waves.iter().enumerate() {
            let s = ((u * w[0] + v * w[1]) * std::f32::consts::TAU / 4.0 + w[2]).sin();
            c[i % 3] += s * 60.0 * w[3];
        }
        let mut px = [110.0 + c[0], 100.0 + c[1], 90.0 + c[2]];
        for d in &discs {
            let (dx, dy) = (u - d[0], (v - d[1]) * 0.75);
            if dx * dx + dy * dy < d[2] * d[2] {
                px = [
                    (px[0] + d[3]) / 2.0,
                    (px[1] + d[4]) / 2.0,
                    (px[2] + d[5]) / 2.0,
                ];
            }
        }
        let noise = (rng.unit() - 0.5) * 24.0;
        image::Rgb(px.map(|p| (p + noise).clamp(0.0, 255.0) as u8))
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().ok_or("usage: gen_photos N DIR")?.parse()?;
    let dir = PathBuf::from(args.next().ok_or("usage: gen_photos N DIR")?);
    std::fs::create_dir_all(&dir)?;
    for i in 0..count {
        let img = photo(i + 1, 4000, 3000);
        let path = dir.join(format!("photo-{:02}.jpg", i + 1));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, 90).encode_image(&img)?;
    }
    Ok(())
}
