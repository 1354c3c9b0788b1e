//! Answers every request field type as JSON, in this order: method, url, the id's length, the raw
//! body, body field `message`, header `X-Conformance`, URL param `name`, query param `lang`, state
//! `greeting`. A field that cannot be read (a non-string body field) is "", as the crate gives it.
//! Sets the headers `X-Inspected-By: inspect` and `Content-Type: application/json`.
use suborbital::runnable::*;
use suborbital::{req, resp, Runnable};

#[derive(Runnable)]
struct Inspect;

impl Runnable for Inspect {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let fields = [
            ("method", string(&req::method())),
            ("url", string(&req::url())),
            ("idLength", req::id().len().to_string()),
            ("body", string(&String::from_utf8_lossy(&req::body_raw()))),
            ("message", string(&req::body_field("message"))),
            ("header", string(&req::header("X-Conformance"))),
            ("name", string(&req::url_param("name"))),
            ("lang", string(&req::query_param("lang"))),
            ("state", string(&req::state("greeting").unwrap_or_default())),
        ];
        let members: Vec<String> = fields
            .iter()
            .map(|(key, value)| format!("{}:{}", string(key), value))
            .collect();
        resp::set_header("X-Inspected-By", "inspect");
        resp::content_type("application/json");
        Ok(format!("{{{}}}", members.join(",")).into_bytes())
    }
}

/// `value` as a JSON string literal (the escapes of the AssemblyScript and Go SDKs' writers).
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
