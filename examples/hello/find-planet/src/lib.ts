import { Output, request, response, util } from "../../../../sdk/assemblyscript/assembly";

const NAMES = ["mercury", "venus", "earth", "mars", "jupiter", "saturn", "uranus", "neptune"];
const MOONS: i32[] = [0, 0, 1, 2, 95, 146, 28, 16];

/** Looks up URL param `name`: `{"name":"mars","moons":2}`, or error 404 for an unknown planet. */
export function run(_input: ArrayBuffer): Output {
  const name = request.urlParam("name").toLowerCase();
  const i = NAMES.indexOf(name);
  if (i < 0) return Output.error(404, "no planet named " + name);
  response.contentType("application/json");
  const planet = new util.JSONObject().set("name", name).setRaw("moons", MOONS[i].toString());
  return Output.text(planet.toString());
}
