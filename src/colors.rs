//! Colours (placeholder until the colours module lands: parsing only).

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub fn parse(s: &str) -> Result<Color, String> {
        let hex = s
            .trim()
            .strip_prefix('#')
            .ok_or("write colours as #rrggbb")?;
        let v = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| e.to_string());
        if hex.len() != 6 || !hex.is_ascii() {
            return Err("write colours as #rrggbb".into());
        }
        Ok(Color {
            r: v(0)?,
            g: v(2)?,
            b: v(4)?,
        })
    }
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// Placeholder palette.
pub fn track_colors(n: usize, explicit: &[Option<Color>]) -> Vec<Color> {
    const P: &[&str] = &[
        "#1565c0", "#6a1b9a", "#2e7d32", "#ad1457", "#00695c", "#4e342e",
    ];
    (0..n)
        .map(|i| {
            explicit.get(i).copied().flatten().unwrap_or_else(|| {
                Color::parse(P[i % P.len()]).unwrap_or(Color { r: 0, g: 0, b: 0 })
            })
        })
        .collect()
}

/// Placeholder theme CSS.
pub fn theme_css(accent: Option<Color>) -> String {
    let a = accent
        .map(|c| c.to_hex())
        .unwrap_or_else(|| "#0b57d0".into());
    format!(":root{{--accent:{a};--accent-bg:{a};--on-accent:#fff}}")
}
