//! The database: POST inserts body field `title` (query `add_item`), any other method lists the
//! items (`list_items`); answers the host's JSON, or error 500 with the host's message.
use suborbital::db::query::QueryArg;
use suborbital::runnable::*;
use suborbital::{db, req, resp, Runnable};

#[derive(Runnable)]
struct Items;

impl Runnable for Items {
    fn run(&self, _input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let result = if req::method() == "POST" {
            db::insert(
                "add_item",
                vec![QueryArg::new("title", &req::body_field("title"))],
            )
        } else {
            db::select("list_items", vec![])
        };
        let json = result.map_err(|e| RunErr::new(500, &e.message))?;
        resp::content_type("application/json");
        Ok(json)
    }
}
