//! Notes in the app's database, through the named queries of Queries.yaml: `POST /notes`
//! (body field `title`) inserts, `GET /notes` lists, `GET /notes/:id` reads one (404 when there
//! is none), `PUT /notes/:id` retitles, `DELETE /notes/:id` deletes. Answers the host's JSON.
use suborbital::db::query::QueryArg;
use suborbital::runnable::*;
use suborbital::{db, req, resp, Runnable};

#[derive(Runnable)]
struct Notes;

impl Runnable for Notes {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let id = QueryArg::new("id", &req::url_param("id"));
        let title = QueryArg::new("title", &req::body_field("title"));
        let result = match (req::method().as_str(), id.value.is_empty()) {
            ("POST", true) => db::insert("add_note", vec![title]),
            ("GET", true) => db::select("list_notes", vec![]),
            ("GET", false) => db::select("get_note", vec![id.clone()]),
            ("PUT", false) => db::update("update_note", vec![title, id.clone()]),
            ("DELETE", false) => db::delete("delete_note", vec![id.clone()]),
            (method, _) => return Err(RunErr::new(405, &format!("{} is not allowed", method))),
        };
        let json = result.map_err(|e| RunErr::new(500, &e.message))?;
        if json == b"[]" && !id.value.is_empty() {
            return Err(RunErr::new(404, &format!("no note {}", id.value)));
        }
        resp::content_type("application/json");
        Ok(json)
    }
}
