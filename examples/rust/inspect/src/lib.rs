//! Reports every request field a Runnable can read (each `req::field_type::FieldType`) as JSON,
//! sets the response headers `X-Inspected-By` and `Content-Type`, and logs what it did.
use suborbital::runnable::*;
use suborbital::{log, req, resp, Runnable};

#[derive(Runnable)]
struct Inspect;

impl Runnable for Inspect {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        log::debug("reading the request fields");
        let greeting = req::header("X-Greeting");
        if greeting.is_empty() {
            log::warn("no X-Greeting header");
        }
        let fields = [
            ("method", string(&req::method())),
            ("url", string(&req::url())),
            ("id", string(&req::id())),
            ("body", string(&String::from_utf8_lossy(&req::body_raw()))),
            ("message", string(&req::body_field("message"))),
            ("greeting", string(&greeting)),
            ("name", string(&req::url_param("name"))),
            ("lang", string(&req::query_param("lang"))),
            (
                "state",
                req::state("greeting").map_or("null".into(), |s| string(&s)),
            ),
            (
                "stateBytes",
                req::state_raw("greeting").map_or("null".into(), |b| b.len().to_string()),
            ),
        ];
        let members: Vec<String> = fields
            .iter()
            .map(|(key, value)| format!("{}:{}", string(key), value))
            .collect();
        resp::set_header("X-Inspected-By", "rust-inspect");
        resp::content_type("application/json");
        log::info(&format!("inspected {} {}", req::method(), req::url()));
        Ok(format!("{{{}}}", members.join(",")).into_bytes())
    }
}

/// `value` as a JSON string literal.
fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
