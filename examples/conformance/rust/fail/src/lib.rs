//! Fails on purpose with the code in URL param `code` (1 to 9 digits) and the message
//! "failed with code N", logged as an error; any other `code` is error 400.
use suborbital::runnable::*;
use suborbital::{log, req, Runnable};

#[derive(Runnable)]
struct Fail;

impl Runnable for Fail {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let param = req::url_param("code");
        if param.is_empty() || param.len() > 9 || !param.bytes().all(|c| c.is_ascii_digit()) {
            return Err(RunErr::new(400, &format!("code {} is not a number", param)));
        }
        let code: i32 = param.parse().unwrap_or(0);
        let message = format!("failed with code {}", code);
        log::error(&message);
        Err(RunErr::new(code, &message))
    }
}
