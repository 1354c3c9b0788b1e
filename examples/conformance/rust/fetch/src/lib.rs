//! GETs the URL in query param `url` with the header `X-Conformance-Client: fetch` and answers
//! the response body; a failed call is error 502 with the host's message. (GET only: the crate's
//! `http::post`/`put`/`patch` corrupt their body, see examples/rust/README.md.)
use std::collections::BTreeMap;
use suborbital::runnable::*;
use suborbital::{http, req, Runnable};

#[derive(Runnable)]
struct Fetch;

impl Runnable for Fetch {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let mut headers = BTreeMap::new();
        headers.insert("X-Conformance-Client", "fetch");
        http::get(&req::query_param("url"), Some(headers)).map_err(|e| RunErr::new(502, &e.message))
    }
}
