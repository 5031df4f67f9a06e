//! The theme's colours: a palette derived from the site's accent that reads in light and dark
//! mode, and a colour per track that white text reads on.
//!
//! Colours are adjusted in OKLCH, changing only the lightness (and the chroma where a colour
//! would leave the sRGB gamut), so a brand colour keeps its hue however far it must move; the
//! conversions are the `palette` crate's. Readability is WCAG 2.1's contrast ratio, at least
//! 4.5:1 for every text and background pair, whatever colour a site chooses.

use std::fmt;
use std::str::FromStr;

use palette::color_difference::Wcag21RelativeContrast;
use palette::{IntoColor, LinSrgb, Oklch, Srgb};

/// An sRGB colour, 8 bits a channel, as CSS writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

/// The page background in light mode; the theme's CSS uses the same.
pub const LIGHT_BG: Color = Color::rgb(0xff, 0xff, 0xff);
/// The page background in dark mode; the theme's CSS uses the same.
pub const DARK_BG: Color = Color::rgb(0x12, 0x14, 0x17);
/// The accent when a site sets none: a calm blue.
pub const DEFAULT_ACCENT: Color = Color::rgb(0x0b, 0x57, 0xd0);
/// White, for text on filled colours.
pub const WHITE: Color = Color::rgb(0xff, 0xff, 0xff);
/// Near-black, for text on light filled colours (the dark page's background).
pub const INK: Color = DARK_BG;

/// WCAG 2.1 AA for normal text.
pub const MIN_CONTRAST: f32 = 4.5;
/// What the adjustments aim for: a hair above [`MIN_CONTRAST`], so checkers that round or use
/// the older sRGB threshold (0.03928) agree.
const TARGET: f32 = 4.55;

impl Color {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b }
    }

    /// Reads `#rgb` or `#rrggbb` (any case), or a CSS colour name such as `rebeccapurple`.
    pub fn parse(input: &str) -> Result<Color, String> {
        let s = input.trim();
        let parsed = if let Some(hex) = s.strip_prefix('#') {
            match hex.len() {
                3 | 6 if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    Srgb::<u8>::from_str(hex).ok()
                }
                _ => None,
            }
        } else {
            palette::named::from_str(&s.to_ascii_lowercase())
        };
        parsed.map(Color::from_srgb).ok_or_else(|| {
            format!("`{s}` is not a colour: write `#rgb`, `#rrggbb` or a CSS colour name")
        })
    }

    /// `#rrggbb`, lower case.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// The WCAG 2.1 contrast ratio with `other`, from 1 to 21.
    pub fn contrast(self, other: Color) -> f32 {
        self.srgb().relative_contrast(other.srgb())
    }

    fn from_srgb(c: Srgb<u8>) -> Color {
        Color::rgb(c.red, c.green, c.blue)
    }

    fn srgb(self) -> Srgb<f32> {
        Srgb::new(self.r, self.g, self.b).into_format()
    }

    fn oklch(self) -> Oklch<f32> {
        self.srgb().into_linear().into_color()
    }

    /// The sRGB colour nearest to `c` with its lightness and hue: chroma is reduced until it
    /// fits the gamut (CSS Color 4's approach, without its ΔE shortcut).
    fn from_oklch(c: Oklch<f32>) -> Color {
        let fits = |chroma: f32| -> Option<LinSrgb<f32>> {
            let rgb: LinSrgb<f32> = Oklch::new(c.l, chroma, c.hue).into_color();
            let ok = [rgb.red, rgb.green, rgb.blue]
                .iter()
                .all(|v| (-1e-4..=1.0 + 1e-4).contains(v));
            ok.then_some(rgb)
        };
        let lin = match fits(c.chroma) {
            Some(rgb) => rgb,
            None => {
                let (mut lo, mut hi) = (0.0, c.chroma);
                for _ in 0..20 {
                    let mid = (lo + hi) / 2.0;
                    if fits(mid).is_some() {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                fits(lo).unwrap_or_else(|| Oklch::new(c.l, 0.0, c.hue).into_color())
            }
        };
        let clamped = LinSrgb::new(
            lin.red.clamp(0.0, 1.0),
            lin.green.clamp(0.0, 1.0),
            lin.blue.clamp(0.0, 1.0),
        );
        Color::from_srgb(Srgb::<u8>::from_linear(clamped))
    }
}

impl FromStr for Color {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Color::parse(s)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// As `"#rrggbb"`, for template values such as `track.color`.
impl serde::Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Which way a colour may move to become readable.
#[derive(Clone, Copy)]
enum Toward {
    Dark,
    Light,
}

/// `color`, or the nearest colour of the same hue in the given direction for which `ok` holds.
///
/// Lightness is searched by bisection (readability changes monotonically with it); black and
/// white, the ends of the search, satisfy every predicate used here, and are the answer should
/// the bisection ever miss.
fn adjust(color: Color, toward: Toward, ok: impl Fn(Color) -> bool) -> Color {
    if ok(color) {
        return color;
    }
    let start = color.oklch();
    let at = |l: f32| Color::from_oklch(Oklch::new(l, start.chroma, start.hue));
    let end = match toward {
        Toward::Dark => 0.0,
        Toward::Light => 1.0,
    };
    // `near` fails, `far` passes.
    let (mut near, mut far) = (start.l, end);
    for _ in 0..24 {
        let mid = (near + far) / 2.0;
        if ok(at(mid)) {
            far = mid;
        } else {
            near = mid;
        }
    }
    let found = at(far);
    if ok(found) {
        found
    } else {
        at(end)
    }
}

fn readable_on(bg: Color) -> impl Fn(Color) -> bool {
    move |c| c.contrast(bg) >= TARGET
}

/// The three colours of one mode: custom properties of the theme's CSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Links and accent text: readable on the mode's page background.
    pub accent: Color,
    /// Filled buttons and highlights.
    pub accent_bg: Color,
    /// Text on `accent_bg`: white or [`INK`], whichever the accent suits.
    pub on_accent: Color,
}

impl Scheme {
    fn new(accent: Color, page: Color, toward_readable: Toward) -> Scheme {
        let text = if accent.contrast(WHITE) >= accent.contrast(INK) {
            WHITE
        } else {
            INK
        };
        let toward_fill = if text == WHITE {
            Toward::Dark
        } else {
            Toward::Light
        };
        Scheme {
            accent: adjust(accent, toward_readable, readable_on(page)),
            // From the accent as given, not the readable one: yellow fills as yellow, with ink.
            accent_bg: adjust(accent, toward_fill, readable_on(text)),
            on_accent: text,
        }
    }

    fn css(&self) -> String {
        format!(
            ":root{{--accent:{};--accent-bg:{};--on-accent:{}}}",
            self.accent, self.accent_bg, self.on_accent
        )
    }
}

/// The palette of a site in light and dark mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub light: Scheme,
    pub dark: Scheme,
}

/// The palette derived from `accent` ([`DEFAULT_ACCENT`] when none): in light mode the accent
/// darkened until it reads on [`LIGHT_BG`], in dark mode lightened until it reads on
/// [`DARK_BG`]; each mode's filled colour is its accent, adjusted further if its text needs it.
pub fn theme(accent: Option<Color>) -> Theme {
    let accent = accent.unwrap_or(DEFAULT_ACCENT);
    // Dark mode fills with the lightened accent and dark text, as Material's dark schemes do:
    // a saturated fill glares on a dark page.
    let dark_accent = adjust(accent, Toward::Light, readable_on(DARK_BG));
    Theme {
        light: Scheme::new(accent, LIGHT_BG, Toward::Dark),
        dark: Scheme::new(dark_accent, DARK_BG, Toward::Light),
    }
}

/// The CSS the base template prints in `<style>`: the custom properties `--accent`,
/// `--accent-bg` and `--on-accent`, one line for light mode and one for dark.
pub fn theme_css(accent: Option<Color>) -> String {
    let theme = theme(accent);
    format!(
        "{}\n@media (prefers-color-scheme: dark){{{}}}\n",
        theme.light.css(),
        theme.dark.css()
    )
}

/// OKLCH hues of the built-in track colours, 135° apart from one to the next so neighbours
/// differ strongly; the eight together are evenly spaced (45°).
const TRACK_HUES: [f32; 8] = [255.0, 30.0, 165.0, 300.0, 75.0, 210.0, 345.0, 120.0];

/// One colour per track: a track's own colour, darkened if white text would not read on it, or
/// else the built-in colour for its position (the hues cycle every eight tracks, a shade darker
/// on every other round), so adding a colour to one track never changes another's.
pub fn track_colors(n: usize, explicit: &[Option<Color>]) -> Vec<Color> {
    (0..n)
        .map(|i| match explicit.get(i).copied().flatten() {
            Some(c) => adjust(c, Toward::Dark, readable_on(WHITE)),
            None => default_track_color(i),
        })
        .collect()
}

fn default_track_color(i: usize) -> Color {
    let hue = TRACK_HUES[i % TRACK_HUES.len()];
    let lightness = if (i / TRACK_HUES.len()).is_multiple_of(2) {
        0.56
    } else {
        0.44
    };
    let c = Color::from_oklch(Oklch::new(lightness, 0.15, hue));
    adjust(c, Toward::Dark, readable_on(WHITE))
}

/// A favicon for sites that set none: a rounded square in the accent colour.
pub fn favicon_svg(accent: Option<Color>) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">\
         <rect width=\"32\" height=\"32\" rx=\"7\" fill=\"{}\"/></svg>\n",
        accent.unwrap_or(DEFAULT_ACCENT)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use palette::Oklab;

    /// The distance of two colours in Oklab: about 0.02 is just noticeable.
    fn difference(a: Color, b: Color) -> f32 {
        let (a, b): (Oklab<f32>, Oklab<f32>) = (
            a.srgb().into_linear().into_color(),
            b.srgb().into_linear().into_color(),
        );
        ((a.l - b.l).powi(2) + (a.a - b.a).powi(2) + (a.b - b.b).powi(2)).sqrt()
    }

    fn c(s: &str) -> Color {
        Color::parse(s).unwrap()
    }

    /// Colours across the wheel, from near-black to near-white, greys and the extremes.
    fn sweep() -> Vec<Color> {
        let mut all = vec![
            c("#000"),
            c("#fff"),
            c("#ffff00"),
            c("#00ffff"),
            c("#ff0000"),
            c("#0000ff"),
            c("#010101"),
            c("#fefefe"),
            c("#808080"),
            DARK_BG,
        ];
        for hue in (0..360).step_by(20) {
            for l in [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 0.99] {
                for chroma in [0.0, 0.08, 0.3] {
                    all.push(Color::from_oklch(Oklch::new(l, chroma, hue as f32)));
                }
            }
        }
        all
    }

    #[test]
    fn parses_hex_and_names() {
        assert_eq!(c("#0B57D0"), Color::rgb(0x0b, 0x57, 0xd0));
        assert_eq!(c("#abc"), Color::rgb(0xaa, 0xbb, 0xcc));
        assert_eq!(c(" RebeccaPurple "), Color::rgb(0x66, 0x33, 0x99));
        assert_eq!(c("#0b57d0").to_hex(), "#0b57d0");
        assert_eq!(c("white").to_string(), "#ffffff");
        for bad in [
            "", "#", "#12", "#12345", "#1234567", "#ggg", "0b57d0", "blurple", "#+1+",
        ] {
            let err = Color::parse(bad).unwrap_err();
            assert!(err.contains("is not a colour"), "{bad}: {err}");
        }
    }

    #[test]
    fn contrast_is_wcag() {
        assert!((WHITE.contrast(c("#000")) - 21.0).abs() < 0.01);
        assert!((c("#777").contrast(WHITE) - 4.48).abs() < 0.01);
        assert_eq!(WHITE.contrast(WHITE), 1.0);
    }

    #[test]
    fn oklch_round_trips() {
        for color in [DEFAULT_ACCENT, c("#8e24aa"), c("#ffff00"), c("#123456")] {
            assert_eq!(Color::from_oklch(color.oklch()), color);
        }
    }

    #[test]
    fn default_theme_keeps_a_readable_accent() {
        let theme = theme(None);
        assert_eq!(theme.light.accent, DEFAULT_ACCENT);
        assert_eq!(theme.light.accent_bg, DEFAULT_ACCENT);
        assert_eq!(theme.light.on_accent, WHITE);
        assert_eq!(theme.dark.on_accent, INK);
        let css = theme_css(None);
        assert_eq!(css.lines().count(), 2, "{css}");
        assert!(
            css.starts_with(":root{--accent:#0b57d0;--accent-bg:#0b57d0;--on-accent:#ffffff}\n")
        );
        assert!(css.contains("@media (prefers-color-scheme: dark){:root{--accent:#"));
    }

    #[test]
    fn every_accent_gives_readable_pairs_in_both_modes() {
        for accent in sweep() {
            let t = theme(Some(accent));
            let hex = accent.to_hex();
            assert!(
                t.light.accent.contrast(LIGHT_BG) >= MIN_CONTRAST,
                "{hex} light"
            );
            assert!(
                t.dark.accent.contrast(DARK_BG) >= MIN_CONTRAST,
                "{hex} dark"
            );
            for s in [t.light, t.dark] {
                assert!(
                    s.on_accent.contrast(s.accent_bg) >= MIN_CONTRAST,
                    "{hex} fill {s:?}"
                );
                assert!(s.on_accent == WHITE || s.on_accent == INK);
            }
        }
    }

    #[test]
    fn adjusting_keeps_the_hue() {
        let yellow = theme(Some(c("#ffff00")));
        // Darkened yellow is an olive, not a grey or an orange.
        let hue = yellow.light.accent.oklch().hue.into_positive_degrees();
        let original = c("#ffff00").oklch().hue.into_positive_degrees();
        assert!((hue - original).abs() < 5.0, "{hue} vs {original}");
        assert!(yellow.light.accent.oklch().chroma > 0.05);
        // Yellow is light enough to fill with dark text as it is.
        assert_eq!(yellow.light.accent_bg, c("#ffff00"));
        assert_eq!(yellow.light.on_accent, INK);
    }

    #[test]
    fn track_colors_carry_white_text() {
        let explicit = [Some(c("#8e24aa")), None, Some(c("#ffff00")), None];
        let colors = track_colors(40, &explicit);
        assert_eq!(colors.len(), 40);
        assert_eq!(colors[0], c("#8e24aa"), "already readable: kept");
        assert_ne!(colors[2], c("#ffff00"));
        for (i, color) in colors.iter().enumerate() {
            assert!(color.contrast(WHITE) >= MIN_CONTRAST, "{i}: {color}");
        }
        for accent in sweep() {
            let adjusted = track_colors(1, &[Some(accent)])[0];
            assert!(adjusted.contrast(WHITE) >= MIN_CONTRAST, "{accent}");
        }
    }

    #[test]
    fn default_track_colors_are_distinct() {
        let colors = track_colors(16, &[]);
        for i in 0..8 {
            for j in 0..i {
                let d = difference(colors[i], colors[j]);
                assert!(d > 0.06, "{i} {} vs {j} {}: {d}", colors[i], colors[j]);
            }
        }
        // The second round is a darker shade of the first, not a repeat.
        for i in 0..8 {
            assert_ne!(colors[i], colors[i + 8]);
        }
        assert_eq!(track_colors(17, &[])[16], colors[0]);
        // A track's default colour depends only on its position.
        assert_eq!(track_colors(3, &[Some(WHITE)])[1], colors[1]);
    }

    #[test]
    fn favicon_is_a_square_in_the_accent() {
        let svg = favicon_svg(Some(c("#8e24aa")));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("fill=\"#8e24aa\""));
        assert!(favicon_svg(None).contains("#0b57d0"));
    }

    #[test]
    fn serializes_as_hex() {
        assert_eq!(serde_json::to_string(&DARK_BG).unwrap(), "\"#121417\"");
    }
}
