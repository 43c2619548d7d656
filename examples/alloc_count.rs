use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
struct C;
static N: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for C {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        N.fetch_add(1, Ordering::Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, s: usize) -> *mut u8 {
        N.fetch_add(1, Ordering::Relaxed);
        System.realloc(p, l, s)
    }
}
#[global_allocator]
static A: C = C;
fn main() {
    use lunch_parliament::sim::check::search;
    use lunch_parliament::synod::check::Scope;
    use lunch_parliament::synod::Synod;
    let scope = Scope {
        rounds: 2,
        symmetry: false,
        ..Scope::default()
    };
    let n0 = N.load(Ordering::Relaxed);
    let r = search::<Synod>(&scope, 5_000_000).unwrap();
    let n = N.load(Ordering::Relaxed) - n0;
    println!(
        "{} states {} transitions {} allocs: {:.2}/transition {:.2}/state",
        r.states,
        r.transitions,
        n,
        n as f64 / r.transitions as f64,
        n as f64 / r.states as f64
    );
}
