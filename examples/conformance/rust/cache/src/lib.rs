//! The cache: POST stores the input under URL param `key` for 60 s and answers
//! "stored N bytes under KEY"; GET answers the stored value, or error 404 with the host's message.
use suborbital::runnable::*;
use suborbital::{cache, req, Runnable};

/// Seconds a stored value lives.
const TTL: i32 = 60;

#[derive(Runnable)]
struct Cache;

impl Runnable for Cache {
    fn run(&self, input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let key = req::url_param("key");
        if req::method() != "POST" {
            return cache::get(&key).map_err(|e| RunErr::new(404, &e.message));
        }
        let stored = format!("stored {} bytes under {}", input.len(), key);
        cache::set(&key, input, TTL);
        Ok(stored.into_bytes())
    }
}
