//! Where things stand in the chamber (SVG user units): acceptors on a hemicycle, leaders at podiums
//! across the top, messengers along the line between sender and receiver.

use lunch_parliament::synod::NodeId;

pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 620.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Acceptor `i` of `n`: seats on a smile-shaped arc below the table.
pub fn acceptor(i: usize, n: usize) -> Point {
    let rx = if n > 5 { 436.0 } else { 400.0 };
    let (cx, cy, ry) = (WIDTH / 2.0, 230.0, 290.0);
    let spread = std::f64::consts::PI * if n > 5 { 0.94 } else { 0.8 };
    let start = (std::f64::consts::PI - spread) / 2.0;
    let t = if n <= 1 {
        0.5
    } else {
        i as f64 / (n - 1) as f64
    };
    // From the left (angle π - start) to the right (angle start), through the bottom.
    let angle = std::f64::consts::PI - start - t * spread;
    Point {
        x: cx + rx * angle.cos(),
        y: cy + ry * angle.sin(),
    }
}

/// Leader `i` of `k`: podiums in a row at the top.
pub fn leader(i: usize, k: usize) -> Point {
    let gap = 310.0;
    let x0 = WIDTH / 2.0 - gap * (k.saturating_sub(1)) as f64 / 2.0;
    Point {
        x: x0 + gap * i as f64,
        y: 68.0,
    }
}

pub fn node(n: NodeId, acceptors: usize, leaders: usize) -> Point {
    match n {
        NodeId::Acceptor(_) => acceptor(n.index(), acceptors),
        NodeId::Leader(_) => leader(n.index(), leaders),
    }
}

/// A point `t` of the way from `a` to `b`, pushed sideways by `side` so that messengers travelling in
/// opposite directions (requests and replies) do not overlap.
pub fn along(a: Point, b: Point, t: f64, side: f64) -> Point {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (nx, ny) = (-dy / len, dx / len);
    Point {
        x: a.x + dx * t + nx * side,
        y: a.y + dy * t + ny * side,
    }
}

/// How far along its way a messenger is drawn: by logical time, but never on top of either end.
pub fn progress(now: u64, sent: u64, due: u64) -> f64 {
    let span = due.saturating_sub(sent).max(1) as f64;
    let t = now.saturating_sub(sent) as f64 / span;
    0.3 + 0.42 * t.clamp(0.0, 1.0)
}

/// How much to shrink acceptor figures so that `n` of them do not overlap on the arc.
pub fn acceptor_scale(n: usize) -> f64 {
    if n < 2 {
        return 1.0;
    }
    let (a, b) = (acceptor(0, n), acceptor(1, n));
    let gap = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
    (gap / 150.0).clamp(0.72, 1.0)
}

/// An SVG coordinate as a whole number (integer formatting keeps float formatting out of the wasm).
pub fn px(x: f64) -> String {
    (x.round() as i64).to_string()
}

/// A factor such as 0.725 written with three decimals, without float formatting.
pub fn permille(x: f64) -> String {
    let m = (x * 1000.0).round() as i64;
    format!("{}.{:03}", m / 1000, m % 1000)
}

/// An axis-aligned box in chamber units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn centered(c: Point, w: f64, h: f64) -> Rect {
        Rect {
            x0: c.x - w / 2.0,
            y0: c.y - h / 2.0,
            x1: c.x + w / 2.0,
            y1: c.y + h / 2.0,
        }
    }

    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inflate(&self, m: f64) -> Rect {
        Rect {
            x0: self.x0 - m,
            y0: self.y0 - m,
            x1: self.x1 + m,
            y1: self.y1 + m,
        }
    }

    pub fn within(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.y0 >= o.y0 && self.x1 <= o.x1 && self.y1 <= o.y1
    }
}

/// The lunch table: an ellipse in the middle of the chamber.
pub const TABLE_CENTRE: Point = Point {
    x: WIDTH / 2.0,
    y: 300.0,
};
pub const TABLE_RX: f64 = 250.0;
pub const TABLE_RY: f64 = 92.0;

/// Whether `r` touches the table's ellipse (exact: the point of `r` nearest the centre, axis by axis).
pub fn touches_table(r: &Rect, margin: f64) -> bool {
    let c = TABLE_CENTRE;
    let x = c.x.clamp(r.x0, r.x1) - c.x;
    let y = c.y.clamp(r.y0, r.y1) - c.y;
    let (rx, ry) = (TABLE_RX + margin, TABLE_RY + margin);
    (x / rx).powi(2) + (y / ry).powi(2) < 1.0
}

/// Estimated width of `s` set at `px` (a little wider than most fonts set it, so that what fits here
/// fits on screen).
pub fn text_width(s: &str, px: f64) -> f64 {
    s.chars().count() as f64 * px * 0.6
}

/// `s` cut to at most `max` estimated width at `px`, with an ellipsis if anything was cut.
pub fn shorten(s: &str, px: f64, max: f64) -> String {
    if text_width(s, px) <= max {
        return s.to_string();
    }
    let keep = ((max / (px * 0.6)).floor() as usize).saturating_sub(1);
    let mut out: String = s.chars().take(keep).collect();
    out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Lays `parts` (short phrases, each with a class) into at most `rows` lines of at most `max` width at
/// `px`, joining neighbours with " · " where they fit (a line keeps its first phrase's class); a phrase
/// too long for a line is shortened, and what does not fit in `rows` lines is joined into the last.
pub fn wrap<C: Copy>(parts: &[(C, String)], px: f64, max: f64, rows: usize) -> Vec<(C, String)> {
    let mut lines: Vec<(C, String)> = Vec::new();
    for (c, p) in parts.iter().filter(|(_, p)| !p.is_empty()) {
        match lines.last_mut() {
            Some((_, last)) if text_width(&format!("{last} · {p}"), px) <= max => {
                last.push_str(" · ");
                last.push_str(p);
            }
            _ => lines.push((*c, shorten(p, px, max))),
        }
    }
    if lines.len() > rows {
        let rest = lines.split_off(rows.saturating_sub(1));
        let class = rest[0].0;
        let text: Vec<String> = rest.into_iter().map(|(_, t)| t).collect();
        lines.push((class, shorten(&text.join(" · "), px, max)));
    }
    lines
}

/// Chip sizes (chamber units).
pub const CHIP_H: f64 = 34.0;
pub const CHIP_GAP: f64 = 6.0;
pub const LABEL_PX: f64 = 17.0;
pub const NOTE_PX: f64 = 15.0;

pub fn chip_width(label: &str) -> f64 {
    text_width(label, LABEL_PX) + 38.0
}

/// One thing to place: a messenger, a stack of messengers between the same pair, or a counted chip.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub w: f64,
    pub h: f64,
}

/// Where a block would like to be: `t` of the way from `a` to `b`, pushed `side` to the right.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wish {
    pub a: Point,
    pub b: Point,
    pub t: f64,
    pub side: f64,
}

impl Wish {
    pub fn point(&self) -> Point {
        along(self.a, self.b, self.t, self.side)
    }
}

/// What blocks must not cover: boxes, and the table.
pub struct Board {
    pub obstacles: Vec<Rect>,
    pub placed: Vec<Rect>,
    pub bounds: Rect,
}

const MARGIN: f64 = 4.0;

impl Board {
    pub fn new(obstacles: Vec<Rect>) -> Board {
        Board {
            obstacles,
            placed: Vec::new(),
            bounds: Rect {
                x0: 2.0,
                y0: 2.0,
                x1: WIDTH - 2.0,
                y1: HEIGHT - 2.0,
            },
        }
    }

    pub fn free(&self, r: &Rect) -> bool {
        r.within(&self.bounds)
            && !touches_table(r, MARGIN)
            && !self
                .obstacles
                .iter()
                .chain(self.placed.iter())
                .any(|o| o.inflate(MARGIN).intersects(r))
    }

    /// The free spot for `block` nearest to its wish along its way, if any.
    pub fn near_path(&self, block: &Block, wish: &Wish) -> Option<Point> {
        let len = {
            let (dx, dy) = (wish.b.x - wish.a.x, wish.b.y - wish.a.y);
            (dx * dx + dy * dy).sqrt().max(1.0)
        };
        let mut best: Option<(f64, Point)> = None;
        for ti in 0..=20 {
            let t = 0.08 + 0.042 * ti as f64;
            for si in -6i32..=6 {
                let side = wish.side + 22.0 * f64::from(si);
                let cost = (t - wish.t).abs() * len + (side - wish.side).abs() * 1.2;
                if best.as_ref().is_some_and(|(c, _)| *c <= cost) {
                    continue;
                }
                let p = along(wish.a, wish.b, t, side);
                if self.free(&Rect::centered(p, block.w, block.h)) {
                    best = Some((cost, p));
                }
            }
        }
        best.map(|(_, p)| p)
    }

    /// The free spot for `block` nearest to `near` anywhere in the chamber, if any.
    pub fn anywhere(&self, block: &Block, near: Point) -> Option<Point> {
        self.within(block, near, f64::INFINITY)
    }

    /// [`Board::anywhere`], looking harder (a finer grid): for the last resort.
    pub fn anywhere_fine(&self, block: &Block, near: Point) -> Option<Point> {
        self.search(block, near, f64::INFINITY, 8.0)
    }

    /// The free spot for `block` nearest to `near` no further than `reach` from it (on each axis).
    pub fn within(&self, block: &Block, near: Point, reach: f64) -> Option<Point> {
        self.search(block, near, reach, 20.0)
    }

    /// [`Board::within`] on a grid of `grain` units across (and two thirds of that down).
    fn search(&self, block: &Block, near: Point, reach: f64, grain: f64) -> Option<Point> {
        let mut best: Option<(f64, Point)> = None;
        let (hw, hh) = (block.w / 2.0 + 3.0, block.h / 2.0 + 3.0);
        let mut y = (near.y - reach).max(hh);
        while y <= (HEIGHT - hh).min(near.y + reach) {
            let mut x = (near.x - reach).max(hw);
            while x <= (WIDTH - hw).min(near.x + reach) {
                let p = Point { x, y };
                let d = (p.x - near.x).powi(2) + (p.y - near.y).powi(2);
                if best.as_ref().is_none_or(|(b, _)| d < *b)
                    && self.free(&Rect::centered(p, block.w, block.h))
                {
                    best = Some((d, p));
                }
                x += grain;
            }
            y += grain * 0.66;
        }
        best.map(|(_, p)| p)
    }

    pub fn take(&mut self, block: &Block, at: Point) {
        self.placed.push(Rect::centered(at, block.w, block.h));
    }
}

/// A leader's podium (with its halo), centred on the leader.
pub fn podium_box(p: Point) -> Rect {
    Rect::centered(p, 280.0, 116.0)
}

/// An acceptor's figure: its seat (halo), the tags above it and the decided badge below, at `scale`.
pub fn acceptor_box(
    p: Point,
    scale: f64,
    tags: &[String],
    badge: Option<&str>,
    shift: f64,
) -> Rect {
    let tag_w = tags.iter().map(|t| text_width(t, 18.0)).fold(0.0, f64::max);
    let badge_w = badge.map_or(0.0, |b| text_width(b, 18.0) + 20.0);
    let half = (74.0f64).max(badge_w / 2.0);
    let (left, right) = if tags.is_empty() {
        (half, half)
    } else {
        (half.max(tag_w / 2.0 - shift), half.max(tag_w / 2.0 + shift))
    };
    let top = if tags.is_empty() {
        74.0
    } else {
        TAG_Y + TAG_STEP * (tags.len() - 1) as f64 + 17.0
    };
    let bottom = if badge.is_some() { 98.0 } else { 74.0 };
    Rect {
        x0: p.x - left * scale,
        y0: p.y - top * scale,
        x1: p.x + right * scale,
        y1: p.y + bottom * scale,
    }
}

/// How far an acceptor's tags sit towards the middle (unscaled units): on a crowded arc the seat above
/// a side acceptor would otherwise hide them.
pub fn tag_shift(i: usize, n: usize) -> f64 {
    if n <= 5 {
        return 0.0;
    }
    let x = acceptor(i, n).x;
    if x < WIDTH / 2.0 - 1.0 {
        34.0
    } else if x > WIDTH / 2.0 + 1.0 {
        -34.0
    } else {
        0.0
    }
}

/// Tags above an acceptor: the first baseline, and the step between lines (upwards).
pub const TAG_Y: f64 = 80.0;
pub const TAG_STEP: f64 = 22.0;
