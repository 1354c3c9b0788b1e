//! Outbound GraphQL: sends the request body as the query to `?endpoint=` and answers the
//! response (`{"data":...}`); a failed query is error 502 with the host's message.
use suborbital::runnable::*;
use suborbital::{graphql, req, resp, Runnable};

#[derive(Runnable)]
struct Graphql;

impl Runnable for Graphql {
    fn run(&self, input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let endpoint = req::query_param("endpoint");
        let query = String::from_utf8_lossy(&input);
        let result = graphql::query(&endpoint, &query).map_err(|e| RunErr::new(502, &e.message))?;
        resp::content_type("application/json");
        Ok(result)
    }
}
