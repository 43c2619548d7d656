//! The page's keeper (`src/ui/keeper.rs`) has no web dependency, so its tests run natively here; the
//! rest of `src/ui` is built for wasm32 only.

#[allow(dead_code)]
#[path = "../src/ui/keeper.rs"]
mod keeper;
