//! The cache: `POST` stores the body under URL param `key` for `?ttl=` seconds (0, the default,
//! keeps it), `GET` returns what is stored, or error 404 with the host's message.
use suborbital::runnable::*;
use suborbital::{cache, req, Runnable};

#[derive(Runnable)]
struct Cache;

impl Runnable for Cache {
    fn run(&self, input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let key = req::url_param("key");
        if req::method() != "POST" {
            return cache::get(&key).map_err(|e| RunErr::new(404, &e.message));
        }
        let ttl: i32 = req::query_param("ttl").parse().unwrap_or(0);
        let stored = format!("stored {} bytes under {} for {} s", input.len(), key, ttl);
        cache::set(&key, input, ttl);
        Ok(stored.into_bytes())
    }
}
