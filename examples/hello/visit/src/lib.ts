import { Output, request, response } from "../../../../sdk/assemblyscript/assembly";

const NAME = '{"name":"';
const MOONS = '"moons":';

/**
 * Uses state `planet` (find-planet's JSON) to welcome the visitor. When find-planet failed and
 * the handler continued (`onErr`), the state holds no planet and the visitor stays home.
 */
export function run(_input: ArrayBuffer): Output {
  // find-planet set application/json; this step's text answer overrides it.
  response.contentType("text/plain; charset=utf-8");
  const planet = request.state("planet");
  if (!planet.startsWith(NAME)) {
    return Output.text(request.urlParam("name") + " is not a planet, staying on earth");
  }
  const name = planet.substring(NAME.length, planet.indexOf('"', NAME.length));
  const at = planet.indexOf(MOONS) + MOONS.length;
  const moons = planet.substring(at, planet.indexOf("}", at));
  return Output.text("welcome to " + name + ", it has " + moons + " moon(s)");
}
