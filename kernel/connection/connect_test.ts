import assert from "node:assert/strict";
import { createLogger } from "../log.ts";
import { stratosError } from "../../tests/support/errors.ts";
import { pluginErrorCode } from "../errors.ts";

const THINGS_CONNECT = pluginErrorCode("THINGS_ERR_CONNECT");
import { type ConnectRetryOptions, connectWithRetries } from "./connect.ts";
import { ConnectionHealth } from "./health.ts";

/** Options whose log lines and sleeps are recorded. */
function recorded<T>(attempt: (n: number) => Promise<T>, extra: Partial<ConnectRetryOptions<T>>) {
  const lines: Record<string, unknown>[] = [];
  const waits: number[] = [];
  const options: ConnectRetryOptions<T> = {
    service: "Things",
    health: new ConnectionHealth("things://***@h:1"),
    attempts: 5,
    waitMs: 7,
    errorCode: THINGS_CONNECT,
    log: createLogger({ level: "info", sink: (line) => lines.push(JSON.parse(line)) }),
    attempt,
    sleep: (ms) => Promise.resolve(void waits.push(ms)),
    ...extra,
  };
  return { options, lines, waits };
}

Deno.test("connectWithRetries - returns the first success, waiting between failures", async () => {
  const { options, lines, waits } = recorded(
    (n) => n < 3 ? Promise.reject(new Error(`no ${n}`)) : Promise.resolve(n),
    {},
  );
  assert.equal(await connectWithRetries(options), 3);
  assert.deepEqual(waits, [7, 7]);
  assert.equal(options.health.state, "up");
  assert.deepEqual(lines.map((l) => [l.level, l.msg, l.attempt, l.error]), [
    ["warn", "cannot connect to Things, retrying", 1, "no 1"],
    ["warn", "cannot connect to Things, retrying", 2, "no 2"],
    ["info", "connected to Things", undefined, undefined],
  ]);
  assert.ok(lines.every((l) => l.server === "things://***@h:1"));
});

Deno.test("connectWithRetries - throws naming the service and address after the last attempt", async () => {
  let calls = 0;
  const { options, lines } = recorded(
    () => Promise.reject(new Error(`failure ${++calls}`)),
    { attempts: 3 },
  );
  await assert.rejects(
    connectWithRetries(options),
    stratosError(
      "THINGS_ERR_CONNECT",
      "cannot connect to Things at things://***@h:1 after 3 attempts: failure 3",
    ),
  );
  assert.equal(calls, 3);
  assert.equal(lines.length, 2, "a warning per failed attempt but the last");
  assert.equal(options.health.state, "closed");
  assert.equal(options.health.lastError, "failure 3");
  const once = recorded(() => Promise.reject(new Error("refused")), { attempts: 1 }).options;
  await assert.rejects(connectWithRetries(once), /after 1 attempt: refused$/);
});

Deno.test("connectWithRetries - stops trying once the health is closed (stopped meanwhile)", async () => {
  let calls = 0;
  const { options } = recorded<number>(() => {
    calls++;
    options.health.close();
    return Promise.reject(new Error("refused"));
  }, {});
  assert.equal(await connectWithRetries(options), undefined);
  assert.equal(calls, 1);
});
