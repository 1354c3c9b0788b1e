import assert from "node:assert/strict";
import { parseConnectionString } from "./address.ts";

Deno.test("parseConnectionString - PostgreSQL URLs", () => {
  assert.deepEqual(
    parseConnectionString(
      "postgresql",
      "postgres://ada:s%40cret@db.example:6543/app?sslmode=disable",
    ),
    {
      type: "postgresql",
      host: "db.example",
      port: 6543,
      user: "ada",
      password: "s@cret",
      database: "app",
      tls: "off",
      display: "postgresql://***@db.example:6543/app",
    },
  );
  const plain = parseConnectionString("postgresql", "postgresql://localhost/app");
  assert.equal(plain.port, 5432);
  assert.equal(plain.tls, "prefer");
  assert.equal(plain.user, undefined);
  assert.equal(plain.display, "postgresql://localhost:5432/app");
  assert.equal(
    parseConnectionString("postgresql", "postgres://[::1]:5/x").display,
    "postgresql://[::1]:5/x",
  );
  assert.equal(
    parseConnectionString("postgresql", "postgres://h/x?sslmode=verify-full").tls,
    "verify",
  );
});

Deno.test("parseConnectionString - PostgreSQL URL query parameters win over the URL's parts", () => {
  assert.deepEqual(
    parseConnectionString(
      "postgresql",
      "postgres://127.0.0.1:5432/stratos?user=stratos&password=s%40cret&sslmode=disable",
    ),
    {
      type: "postgresql",
      host: "127.0.0.1",
      port: 5432,
      user: "stratos",
      password: "s@cret",
      database: "stratos",
      tls: "off",
      display: "postgresql://***@127.0.0.1:5432/stratos",
    },
  );
  const over = parseConnectionString(
    "postgresql",
    "postgresql://old:pw@h1:1/db1?user=new&password=pw2&host=h2&port=2&dbname=db2",
  );
  assert.deepEqual(
    [over.user, over.password, over.host, over.port, over.database],
    ["new", "pw2", "h2", 2, "db2"],
  );
  const hostless = parseConnectionString("postgresql", "postgres:///app?host=db.example");
  assert.equal(hostless.display, "postgresql://db.example:5432/app");
  const empty = parseConnectionString("postgresql", "postgres://u:p@h/x?user=&password=");
  assert.deepEqual([empty.user, empty.password], ["u", "p"], "an empty parameter is not given");
});

Deno.test("parseConnectionString - PostgreSQL key/value pairs (pgx)", () => {
  const parsed = parseConnectionString(
    "postgresql",
    "host=10.0.0.5 port=5433 user=ada password='it\\'s quoted' dbname=app sslmode=require",
  );
  assert.equal(parsed.host, "10.0.0.5");
  assert.equal(parsed.port, 5433);
  assert.equal(parsed.database, "app");
  assert.equal(parsed.password, "it's quoted");
  assert.equal(parsed.tls, "require");
  assert.equal(parseConnectionString("postgresql", "password='a b\\'c' user=u").password, "a b'c");
  assert.equal(parseConnectionString("postgresql", "dbname=x").host, "localhost");
  assert.ok(!parsed.display.includes("quoted"));
});

Deno.test("parseConnectionString - MySQL Go DSN and URLs", () => {
  assert.deepEqual(
    parseConnectionString("mysql", "root:pw@tcp(127.0.0.1:3307)/shop?parseTime=true"),
    {
      type: "mysql",
      host: "127.0.0.1",
      port: 3307,
      user: "root",
      password: "pw",
      database: "shop",
      tls: "off",
      display: "mysql://***@127.0.0.1:3307/shop",
    },
  );
  const noPort = parseConnectionString("mysql", "u@tcp(db)/x?tls=true");
  assert.equal(noPort.port, 3306);
  assert.equal(noPort.tls, "verify");
  assert.equal(noPort.password, undefined);
  assert.equal(parseConnectionString("mysql", "/x").host, "127.0.0.1");
  assert.equal(parseConnectionString("mysql", "u:p:w@/x").password, "p:w");
  const socket = parseConnectionString("mysql", "u:p@unix(/run/mysqld.sock)/x");
  assert.equal(socket.socketPath, "/run/mysqld.sock");
  assert.equal(socket.display, "mysql://***@/run/mysqld.sock/x");
  const url = parseConnectionString("mysql", "mysql://stratos:stratos@127.0.0.1:3306/stratos");
  assert.equal(url.user, "stratos");
  assert.equal(url.display, "mysql://***@127.0.0.1:3306/stratos");
  const query = parseConnectionString(
    "mysql",
    "mysql://127.0.0.1:3306/stratos?user=stratos&password=p%26w",
  );
  assert.deepEqual([query.user, query.password], ["stratos", "p&w"]);
  assert.equal(query.display, "mysql://***@127.0.0.1:3306/stratos");
  const over = parseConnectionString("mysql", "mariadb://a:b@h/x?user=c&password=d&host=e");
  assert.deepEqual([over.user, over.password, over.host], ["c", "d", "h"], "host is not one");
});

Deno.test("parseConnectionString - refuses what it cannot read, without the password", () => {
  const refused = (type: "mysql" | "postgresql", text: string, message: RegExp) =>
    assert.throws(() => parseConnectionString(type, text), (e) => {
      assert.ok(e instanceof TypeError);
      assert.match(e.message, message);
      assert.ok(!e.message.includes("hunter2"));
      return true;
    });
  refused("postgresql", "mysql://u:hunter2@h/x", /expected a postgres:\/\/ or postgresql:\/\/ URL/);
  refused("postgresql", "postgres://u:hunter2@h:0/x", /port must be a number/);
  refused("postgresql", "just words", /key=value/);
  refused("postgresql", "postgres://u:hunter2@h:99999/x", /not a valid URL/);
  refused("postgresql", "postgres:///x?password=hunter2", /names no host/);
  refused("postgresql", "postgres://h/x?password=hunter2&port=http", /port must be a number/);
  refused("mysql", "u:hunter2@tcp(h:3306)", /expected a DSN/);
  refused("mysql", "u:hunter2@udp(h)/x", /tcp or unix/);
});
