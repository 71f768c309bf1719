//! A small RGB canvas for drawing synthetic photos: filled shapes, anti-aliased discs, rings
//! and text, uneven light, and the sensor grain that makes a drawing behave like a camera's
//! picture. Shapes are given in the picture's own coordinates; the canvas may hold it at a
//! smaller scale (a quick look at its layout, e.g. for its perceptual hash).

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::RgbImage;

pub struct Canvas {
    pub image: RgbImage,
    /// Pixels per unit of the picture's coordinates.
    scale: f32,
}

impl Canvas {
    pub fn filled(width: u32, height: u32, rgb: [u8; 3]) -> Canvas {
        Canvas::scaled(width, height, 1.0, rgb)
    }

    /// A `width` × `height` picture held at `scale` pixels per unit.
    pub fn scaled(width: u32, height: u32, scale: f32, rgb: [u8; 3]) -> Canvas {
        let pixels = |n: u32| ((n as f32 * scale).round() as u32).max(1);
        Canvas {
            image: RgbImage::from_pixel(pixels(width), pixels(height), image::Rgb(rgb)),
            scale,
        }
    }

    fn px(&self, v: f32) -> f32 {
        v * self.scale
    }

    fn blend_pixel(&mut self, x: i64, y: i64, rgb: [u8; 3], alpha: f32) {
        let (w, h) = self.image.dimensions();
        if x < 0 || y < 0 || x >= w as i64 || y >= h as i64 {
            return;
        }
        let p = self.image.get_pixel_mut(x as u32, y as u32);
        for c in 0..3 {
            p.0[c] = (p.0[c] as f32 * (1.0 - alpha) + rgb[c] as f32 * alpha).round() as u8;
        }
    }

    pub fn rect(&mut self, x0: u32, y0: u32, x1: u32, y1: u32, rgb: [u8; 3]) {
        let (w, h) = self.image.dimensions();
        let at = |v: u32| self.px(v as f32).round() as u32;
        let (x0, y0, x1, y1) = (at(x0), at(y0), at(x1).min(w), at(y1).min(h));
        for y in y0..y1 {
            for x in x0..x1 {
                self.image.put_pixel(x, y, image::Rgb(rgb));
            }
        }
    }

    /// A triangle with its apex at (`apex_x`, `top`) and its base from `left` to `right` at
    /// `bottom`: a roof.
    pub fn gable(
        &mut self,
        apex_x: u32,
        top: u32,
        left: u32,
        right: u32,
        bottom: u32,
        rgb: [u8; 3],
    ) {
        for y in top..bottom {
            let t = (y - top) as f32 / (bottom - top) as f32;
            let x0 = apex_x as f32 - t * (apex_x - left) as f32;
            let x1 = apex_x as f32 + t * (right - apex_x) as f32;
            self.rect(x0 as u32, y, x1 as u32, y + 1, rgb);
        }
    }

    pub fn disc(&mut self, cx: f32, cy: f32, r: f32, rgb: [u8; 3]) {
        self.ring(cx, cy, r / 2.0, r, rgb);
    }

    pub fn ring(&mut self, cx: f32, cy: f32, r: f32, thickness: f32, rgb: [u8; 3]) {
        let (cx, cy, r, thickness) = (self.px(cx), self.px(cy), self.px(r), self.px(thickness));
        let reach = (r + thickness) as i64 + 1;
        for y in (cy as i64 - reach)..(cy as i64 + reach) {
            for x in (cx as i64 - reach)..(cx as i64 + reach) {
                let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                let a = (thickness / 2.0 - (d - r).abs() + 0.5).clamp(0.0, 1.0);
                if a > 0.0 {
                    self.blend_pixel(x, y, rgb, a);
                }
            }
        }
    }

    pub fn text(
        &mut self,
        font: &FontRef,
        x: f32,
        baseline: f32,
        size: f32,
        text: &str,
        rgb: [u8; 3],
    ) {
        let (px, baseline) = (self.px(size), self.px(baseline));
        let scaled = font.as_scaled(PxScale::from(px));
        let mut pen = self.px(x);
        for c in text.chars() {
            let glyph = scaled
                .glyph_id(c)
                .with_scale_and_position(px, point(pen, baseline));
            pen += scaled.h_advance(glyph.id);
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    self.blend_pixel(
                        bounds.min.x as i64 + gx as i64,
                        bounds.min.y as i64 + gy as i64,
                        rgb,
                        coverage,
                    );
                });
            }
        }
    }

    /// Uneven light: brighter towards one side (`slope`: the change from the centre to the
    /// right edge and to the bottom edge), and broad patches of sun and shade (`patches`:
    /// centre x, centre y, radius, brightness change).
    pub fn light(&mut self, slope: (f32, f32), patches: &[(f32, f32, f32, f32)]) {
        let (w, h) = self.image.dimensions();
        // A Gaussian patch is a column factor times a row factor: no per-pixel exp.
        let along = |n: u32, centre: f32, r: f32| -> Vec<f32> {
            (0..n)
                .map(|i| (-((i as f32 - centre) / r).powi(2)).exp())
                .collect()
        };
        let columns: Vec<Vec<f32>> = patches
            .iter()
            .map(|p| along(w, self.px(p.0), self.px(p.2)))
            .collect();
        let rows: Vec<Vec<f32>> = patches
            .iter()
            .map(|p| along(h, self.px(p.1), self.px(p.2)))
            .collect();
        let (half_w, half_h) = (w as f32 / 2.0, h as f32 / 2.0);
        for (x, y, p) in self.image.enumerate_pixels_mut() {
            let (x, y) = (x as usize, y as usize);
            let mut change =
                slope.0 * (x as f32 - half_w) / half_w + slope.1 * (y as f32 - half_h) / half_h;
            for (k, patch) in patches.iter().enumerate() {
                change += patch.3 * columns[k][x] * rows[k][y];
            }
            // Kept off the ends, as a camera's exposure does, so the grain never clips.
            for c in p.0.iter_mut() {
                *c = (*c as f32 + change).clamp(24.0, 232.0) as u8;
            }
        }
    }

    /// Sensor grain plus coarser texture (brick, leaves, gravel) that survives the small
    /// thumbnail the blur check looks at, as a sharp photo's detail does.
    pub fn grain(&mut self, seed: u32) {
        for (x, y, p) in self.image.enumerate_pixels_mut() {
            let g = noise(x, y, seed) / 6 + noise(x / 6, y / 6, seed ^ 0x5BD1);
            for c in p.0.iter_mut() {
                *c = (*c as i32 + g).clamp(0, 255) as u8;
            }
        }
    }
}

/// Deterministic per-pixel noise in -12..=12.
fn noise(x: u32, y: u32, seed: u32) -> i32 {
    let mut h =
        x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ seed.wrapping_mul(0xC2B2_AE3D);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    (h % 25) as i32 - 12
}
