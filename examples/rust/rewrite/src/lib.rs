//! Changes the request for the steps after it with every setter of `req`: method, URL, URL
//! param `name`, JSON body fields `message` and `body`, header `x-greeting` and state
//! `greeting`.
use suborbital::runnable::*;
use suborbital::{req, Runnable};

#[derive(Runnable)]
struct Rewrite;

impl Runnable for Rewrite {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let url = req::url().replacen("/rewrite/", "/rewritten/", 1);
        let name = req::url_param("name").to_uppercase();
        let message = req::body_field("message").to_uppercase();
        req::set_method("PATCH")
            .and_then(|_| req::set_url(&url))
            .and_then(|_| req::set_url_param("name", &name))
            .and_then(|_| req::set_body_field("message", &message))
            // The crate's set_body sets the JSON field "body" (not the whole body).
            .and_then(|_| req::set_body("set by rewrite"))
            // Atmo stores a header under the key as given and looks keys up lower-cased.
            .and_then(|_| req::set_header("x-greeting", "rewritten"))
            .and_then(|_| req::set_state("greeting", "hello from rewrite"))
            .map(|_| b"rewritten".to_vec())
            .map_err(|e| RunErr::new(500, &e.message))
    }
}
