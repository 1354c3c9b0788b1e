//! Returns the static file named by URL param `file` (`static/<file>` of the app) with a
//! Content-Type from its extension, or error 404.
use suborbital::runnable::*;
use suborbital::{file, req, resp, Runnable};

#[derive(Runnable)]
struct GetFile;

impl Runnable for GetFile {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        // A catch-all URL param starts with "/"; the host strips it from file names too.
        let param = req::url_param("file");
        let name = param.trim_start_matches('/');
        match file::get_static(name) {
            Some(contents) => {
                resp::content_type(content_type(name));
                Ok(contents)
            }
            None => Err(RunErr::new(404, &format!("no static file {}", name))),
        }
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("txt") => "text/plain; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}
