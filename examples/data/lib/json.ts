// Reading the little that the Runnables need from db_exec's JSON results, without a JSON parser.

/** The digits of the integer member `key` of a flat JSON object (`{"lastInsertID":12,...}`), or "". */
export function intMember(json: string, key: string): string {
  const name = '"' + key + '":';
  const at = json.indexOf(name);
  if (at < 0) return "";
  let end = at + name.length;
  while (end < json.length && (json.charCodeAt(end) == 0x2d || isDigit(json.charCodeAt(end)))) {
    end++;
  }
  return json.substring(at + name.length, end);
}

/** Whether `text` is a positive decimal integer of at most 18 digits (a BIGSERIAL id). */
export function isId(text: string): bool {
  if (text.length == 0 || text.length > 18) return false;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}
