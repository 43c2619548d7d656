//! A storage unit: write-once pages on flash (CORFU §3.1). Pages survive a crash.

use super::message::{Page, UnitError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A page's state on a unit: absent means unwritten.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    Written(Page),
    Trimmed,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Unit {
    pub pages: BTreeMap<u64, Slot>,
    /// Requests from an epoch below this are refused ("sealed").
    pub epoch: u64,
    pub crashed: bool,
}

impl Unit {
    fn admit(&self, epoch: u64) -> Result<(), UnitError> {
        if epoch < self.epoch {
            Err(UnitError::Sealed(self.epoch))
        } else {
            Ok(())
        }
    }

    pub fn write(&mut self, position: u64, epoch: u64, page: &Page) -> Result<(), UnitError> {
        self.admit(epoch)?;
        match self.pages.get(&position) {
            Some(Slot::Trimmed) => Err(UnitError::Trimmed),
            Some(Slot::Written(p)) => Err(UnitError::Overwritten(p.clone())),
            None => {
                self.pages.insert(position, Slot::Written(page.clone()));
                Ok(())
            }
        }
    }

    pub fn read(&self, position: u64, epoch: u64) -> Result<Page, UnitError> {
        self.admit(epoch)?;
        match self.pages.get(&position) {
            Some(Slot::Trimmed) => Err(UnitError::Trimmed),
            Some(Slot::Written(p)) => Ok(p.clone()),
            None => Err(UnitError::Unwritten),
        }
    }

    /// Seals the unit at `epoch`; answers the highest written position.
    pub fn seal(&mut self, epoch: u64) -> Option<u64> {
        self.epoch = self.epoch.max(epoch);
        self.highest()
    }

    /// The highest position this unit holds, trimmed ones included: a trimmed position was written
    /// (or given up) before it was trimmed, so a sequencer rebuilt from the seal's answers (§4.3) must
    /// start past it, or it would hand out positions that can never be written again (§3.3).
    pub fn highest(&self) -> Option<u64> {
        self.pages.keys().next_back().copied()
    }

    /// Marks every position below `upto` trimmed.
    pub fn trim(&mut self, upto: u64) {
        for p in 0..upto {
            self.pages.insert(p, Slot::Trimmed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corfu::NodeId;

    fn data(v: &str) -> Page {
        Page::Data {
            client: NodeId::Client(1),
            value: v.into(),
        }
    }

    #[test]
    fn write_once_then_overwritten_unwritten_sealed_trimmed() {
        let mut u = Unit::default();
        assert_eq!(u.read(0, 0), Err(UnitError::Unwritten));
        assert_eq!(u.write(0, 0, &data("a")), Ok(()));
        assert_eq!(
            u.write(0, 0, &Page::Junk),
            Err(UnitError::Overwritten(data("a")))
        );
        assert_eq!(u.read(0, 0), Ok(data("a")));
        assert_eq!(u.seal(1), Some(0));
        assert_eq!(u.write(1, 0, &data("b")), Err(UnitError::Sealed(1)));
        assert_eq!(u.read(0, 0), Err(UnitError::Sealed(1)));
        assert_eq!(u.write(1, 1, &data("b")), Ok(()));
        u.trim(1);
        assert_eq!(u.read(0, 1), Err(UnitError::Trimmed));
        assert_eq!(u.write(0, 1, &Page::Junk), Err(UnitError::Trimmed));
        assert_eq!(u.highest(), Some(1));
    }

    #[test]
    fn a_seal_counts_trimmed_positions_as_written() {
        let mut u = Unit::default();
        assert_eq!(u.write(0, 0, &data("a")), Ok(()));
        u.trim(3);
        assert_eq!(u.seal(1), Some(2));
    }
}
