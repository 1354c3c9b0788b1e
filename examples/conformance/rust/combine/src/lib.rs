//! Answers the states `a` and `b` joined with " | ".
use suborbital::runnable::*;
use suborbital::{req, Runnable};

#[derive(Runnable)]
struct Combine;

impl Runnable for Combine {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let a = req::state("a").unwrap_or_default();
        let b = req::state("b").unwrap_or_default();
        Ok(format!("{} | {}", a, b).into_bytes())
    }
}
