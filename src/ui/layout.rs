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
        y: 66.0,
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
