// The Rust template of `subo create runnable` (Subo v0.5.x, SDK 0.15.1) as it was: a Runnable
// registered by an exported `_start`.
use suborbital::runnable::*;

struct Hello {}

impl Runnable for Hello {
    fn run(&self, input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let in_string = String::from_utf8(input).unwrap();

        Ok(String::from(format!("hello {}", in_string))
            .as_bytes()
            .to_vec())
    }
}

// initialize the runner, do not edit below //
static RUNNABLE: &Hello = &Hello {};

#[no_mangle]
pub extern "C" fn _start() {
    use_runnable(RUNNABLE);
}
