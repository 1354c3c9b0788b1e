import { log, Output, request } from "../../../../../sdk/assemblyscript/assembly";

/**
 * Fails on purpose with the code in URL param `code` (1 to 9 digits) and the message
 * "failed with code N", logged as an error; any other `code` is error 400.
 */
export function run(_input: ArrayBuffer): Output {
  const param = request.urlParam("code");
  if (!isNumber(param)) return Output.error(400, "code " + param + " is not a number");
  const code = I32.parseInt(param, 10);
  const message = "failed with code " + code.toString();
  log.error(message);
  return Output.error(code, message);
}

function isNumber(text: string): bool {
  if (text.length == 0 || text.length > 9) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
