//! Fails on purpose: returns a `RunErr` with the code in URL param `code` (and logs it as an
//! error), or panics when `code` is not a number.
use suborbital::runnable::*;
use suborbital::{log, req, Runnable};

#[derive(Runnable)]
struct Fail;

impl Runnable for Fail {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let code = req::url_param("code");
        match code.parse::<i32>() {
            Ok(code) => {
                let message = format!("failed with code {}", code);
                log::error(&message);
                Err(RunErr::new(code, &message))
            }
            Err(_) => panic!("code {:?} is not a number", code),
        }
    }
}
