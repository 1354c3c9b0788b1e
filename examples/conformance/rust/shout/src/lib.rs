//! Answers the state `text` (or, when it is empty, the input) upper-cased, with "!" appended.
use suborbital::runnable::*;
use suborbital::{req, Runnable};

#[derive(Runnable)]
struct Shout;

impl Runnable for Shout {
    fn run(&self, input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let mut text = req::state("text").unwrap_or_default();
        if text.is_empty() {
            text = String::from_utf8_lossy(&input).into_owned();
        }
        Ok(format!("{}!", text.to_uppercase()).into_bytes())
    }
}
