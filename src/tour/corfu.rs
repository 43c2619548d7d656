//! Tour 7: CORFU's shared log — tokens, write-once pages, a hole, and the fill with junk.

use super::run::CorfuRun;
use super::TourStep;
use crate::corfu::{Event, NodeId, Page, UnitError};

fn client(name: &str) -> Result<NodeId, String> {
    name.parse()
}

pub(super) fn hole_and_fill() -> Result<Vec<TourStep>, String> {
    let (c1, c2, c3) = (client("C1")?, client("C2")?, client("C3")?);
    let r = CorfuRun::of(crate::corfu::presets::presets(), "hole-and-fill")?;
    let token = r.after(
        0,
        "C1's token",
        |e| matches!(e, Event::GotToken { client, .. } if *client == c1),
    )?;
    let appended = r.after(
        token,
        "C1's append acknowledged",
        |e| matches!(e, Event::Appended { client, .. } if *client == c1),
    )?;
    let hole = r.after(
        appended,
        "a hole",
        |e| matches!(e, Event::Crashed { node, hole: Some(1), .. } if *node == c2),
    )?;
    let past_hole = r.after(
        hole,
        "C3's append acknowledged",
        |e| matches!(e, Event::Appended { client, .. } if *client == c3),
    )?;
    let waits = r.after(past_hole, "C1 waiting on position 1", |e| {
        matches!(e, Event::Waits { position: 1, .. })
    })?;
    let filled = r.after(waits, "the fill of position 1", |e| {
        matches!(
            e,
            Event::Filled {
                position: 1,
                page: Page::Junk,
                ..
            }
        )
    })?;
    let read_on = r.after(filled, "C1 reading position 2", |e| {
        matches!(e, Event::ReadDone { position: 2, .. })
    })?;

    let slow = CorfuRun::of(crate::corfu::presets::presets(), "slow-writer")?;
    let refused = slow.after(0, "C2's late write refused", |e| {
        matches!(
            e,
            Event::WriteRefused {
                client,
                position: 1,
                why: UnitError::Overwritten(Page::Junk),
                ..
            } if *client == c2
        )
    })?;
    let retried = slow.after(
        refused,
        "C2's append acknowledged",
        |e| matches!(e, Event::Appended { client, .. } if *client == c2),
    )?;
    Ok(vec![
        r.at(
            0,
            "A shared log on four storage units (U5 waits as a spare): even positions live on the \
             chain U1, U2 and odd ones on U3, U4. Clients C1, C2 and C3 append to it; the \
             sequencer S hands out positions.",
        ),
        r.at(
            token,
            "C1 wants to append “pizza”. First it asks the sequencer for a token: \
             position 0, in epoch 0. The sequencer only counts; it never sees the data.",
        ),
        r.at(
            appended,
            "C1 writes position 0 down its chain, head first: U1, then U2. Once the tail, U2, has \
             it, the append is acknowledged. Each page is write-once.",
        ),
        r.at(
            hole,
            "C2 asks for a token and the sequencer hands out position 1, but C2 crashes while the \
             token is on its way. Nobody will ever write position 1: a hole.",
        ),
        r.at(
            past_hole,
            "C3 appends “sushi” at position 2. The log goes on past the hole, but a \
             reader going through the log in order is stuck at position 1.",
        ),
        r.at(
            waits,
            "C1 reads position 1 from U4, the tail of its chain: unwritten. It waits a while, in \
             case a slow writer is still on its way.",
        ),
        r.at(
            filled,
            "Nobody came, so C1 fills position 1 with junk, down the chain: U3, then U4. The page \
             holds junk for good, and readers skip it.",
        ),
        r.at(
            read_on,
            "C1 reads on: position 2 is “sushi”. The hole cost one wait and one page \
             of junk, and the log moves on.",
        ),
        slow.at(
            refused,
            "What if C2 had only been slow? Here its write to position 1 is on a long voyage and \
             C1 fills the position first, so every write C2 makes there is refused: already \
             written (junk).",
        ),
        slow.at(
            retried,
            "C2 takes a new token and appends “tacos” at position 2 instead. \
             Write-once pages make the fill safe: every reader sees the same log.",
        ),
    ])
}
