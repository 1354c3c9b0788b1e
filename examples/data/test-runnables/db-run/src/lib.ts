import { db, Output, QueryArg, QueryType, request, util } from "../../../../../sdk/assemblyscript/assembly";

/**
 * For tests: runs the query named by URL param `name` as query type `type` (the db_exec wire
 * value, any number) with the body's lines as variables (an empty body: none), and answers the
 * result JSON, or error 400 with the host's message.
 */
export function run(input: ArrayBuffer): Output {
  const type = I32.parseInt(request.urlParam("type"));
  const text = util.toText(input);
  const args: QueryArg[] = [];
  if (text.length > 0) {
    const values = text.split("\n");
    for (let i = 0; i < values.length; i++) args.push(new QueryArg("v" + i.toString(), values[i]));
  }
  return Output.from(db.exec(<QueryType>type, request.urlParam("name"), args), 400);
}
