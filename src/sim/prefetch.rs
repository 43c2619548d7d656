//! Asking the processor for memory before it is needed. A breadth-first search takes each state
//! from its queue long after it was made, so the state's parts are no longer in any cache: reading
//! them stalls on main memory, part after part. The search asks for the parts of a state a few
//! places ahead in the queue, so they are on their way while it explores the one in hand (on the
//! standard scope this saves about a tenth of the search's time).
//!
//! A prefetch is a hint: it reads nothing into the program, never faults, and works on any address,
//! so this module's one `unsafe` block cannot break memory safety. Elsewhere than x86-64 (the
//! page's WebAssembly) it does nothing.

/// Collects the memory a state's parts occupy, and asks for it.
pub struct Prefetch(());

/// Bytes in a cache line.
const LINE: usize = 64;

impl Prefetch {
    pub(crate) fn new() -> Prefetch {
        Prefetch(())
    }

    /// Asks for every cache line `items` occupies.
    pub fn slice<T>(&mut self, items: &[T]) {
        let start = items.as_ptr().cast::<u8>();
        for offset in (0..std::mem::size_of_val(items)).step_by(LINE) {
            line(start.wrapping_add(offset));
        }
    }
}

#[cfg(target_arch = "x86_64")]
fn line(at: *const u8) {
    use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
    // SAFETY: a prefetch does not dereference `at` (it may dangle), cannot fault and changes no
    // value the program reads; SSE, which it needs, is part of every x86-64.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(at.cast::<i8>()) }
}

#[cfg(not(target_arch = "x86_64"))]
fn line(_at: *const u8) {}
