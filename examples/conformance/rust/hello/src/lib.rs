//! Answers "hello " + the input (the request body).
use suborbital::runnable::*;
use suborbital::Runnable;

#[derive(Runnable)]
struct Hello;

impl Runnable for Hello {
    fn run(&self, input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let mut out = b"hello ".to_vec();
        out.extend_from_slice(&input);
        Ok(out)
    }
}
