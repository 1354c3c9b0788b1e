//! Outbound HTTP: calls `?url=` with the method in URL param `method` (get, head, options, post,
//! put, patch, delete), the request body for post/put/patch, and the headers
//! `X-Stratos-Example: rust-fetch` and the request's `Content-Type`. Answers the response body;
//! a failed call is error 502 with the host's message.
//!
//! Known bug of the crate (0.15.1, on Atmo too): `http::post`/`put`/`patch` drop the body before
//! calling the host, so the allocator's bookkeeping overwrites its first 8 bytes (24 for bodies
//! of more than about 220 bytes) before the host reads them. See README.md.
use std::collections::BTreeMap;
use suborbital::runnable::*;
use suborbital::{http, req, Runnable};

#[derive(Runnable)]
struct Fetch;

impl Runnable for Fetch {
    fn run(&self, input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let url = req::query_param("url");
        let content_type = req::header("Content-Type");
        let mut headers = BTreeMap::new();
        headers.insert("X-Stratos-Example", "rust-fetch");
        if !content_type.is_empty() {
            headers.insert("Content-Type", content_type.as_str());
        }
        let headers = Some(headers);
        let result = match req::url_param("method").as_str() {
            "get" => http::get(&url, headers),
            "head" => http::head(&url, headers),
            "options" => http::options(&url, headers),
            "post" => http::post(&url, Some(input), headers),
            "put" => http::put(&url, Some(input), headers),
            "patch" => http::patch(&url, Some(input), headers),
            "delete" => http::delete(&url, headers),
            other => return Err(RunErr::new(400, &format!("unknown method {}", other))),
        };
        result.map_err(|e| RunErr::new(502, &e.message))
    }
}
