//! Answers the static file named by URL param `file` (leading "/" removed), with a Content-Type
//! for .txt and .json files; a missing file is error 404 "no static file NAME".
use suborbital::runnable::*;
use suborbital::{file, req, resp, Runnable};

#[derive(Runnable)]
struct File;

impl Runnable for File {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let param = req::url_param("file");
        let name = param.trim_start_matches('/');
        let content = file::get_static(name)
            .ok_or_else(|| RunErr::new(404, &format!("no static file {}", name)))?;
        if name.ends_with(".txt") {
            resp::content_type("text/plain; charset=utf-8");
        } else if name.ends_with(".json") {
            resp::content_type("application/json");
        }
        Ok(content)
    }
}
