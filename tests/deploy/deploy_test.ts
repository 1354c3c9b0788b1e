/**
 * The shipping recipes in deploy/ hold together with the runtime they ship: the Dockerfile
 * copies every local module the runtime loads, pins the Deno of `.deno-version`, runs as a
 * non-root user and has a health check; the Kubernetes example probes paths that a real Stratos
 * answers as its notes say (readiness 503 while a connection is down, liveness 200 regardless).
 */

import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { freePort } from "../../bench/process.ts";
import { moduleGraph } from "../support/architecture.ts";
import { ROOT } from "../support/cli.ts";
import { dataApp } from "../support/data_app.ts";
import { startStratos } from "../support/stratos_process.ts";

const DOCKERFILE = await Deno.readTextFile(`${ROOT}deploy/Dockerfile`);

/** The instructions of the Dockerfile's last stage, continuation lines joined. */
function finalStage(): { instruction: string; args: string }[] {
  const lines = DOCKERFILE.replace(/\\\n/g, " ").split("\n").map((line) => line.trim());
  const steps = lines.filter((line) => line !== "" && !line.startsWith("#")).map((line) => {
    const [instruction, ...rest] = line.split(/\s+/);
    return { instruction: instruction.toUpperCase(), args: rest.join(" ") };
  });
  const last = steps.findLastIndex((step) => step.instruction === "FROM");
  return steps.slice(last);
}

/** The Deployment's container of deploy/k8s/stratos.yaml. */
async function container(): Promise<Record<string, unknown>> {
  const text = await Deno.readTextFile(`${ROOT}deploy/k8s/stratos.yaml`);
  const docs = parseAllDocuments(text).map((doc) => doc.toJS());
  const deployment = docs.find((doc) => doc.kind === "Deployment");
  assert.ok(deployment, "deploy/k8s/stratos.yaml has no Deployment");
  return deployment.spec.template.spec.containers[0];
}

Deno.test("Dockerfile - copies every local module the runtime loads", async () => {
  const copied = finalStage().filter((step) =>
    step.instruction === "COPY" && !/--from/.test(step.args)
  )
    .flatMap((step) => step.args.split(/\s+/).slice(0, -1));
  const graph = await moduleGraph(ROOT, ["main.ts"]);
  const local = [...graph.keys()].filter((specifier) => !/^[a-z]+:/.test(specifier));
  assert.ok(local.length > 100, `only ${local.length} local modules found`);
  const missing = local.filter((path) =>
    !copied.some((source) => path === source || path.startsWith(`${source}/`))
  );
  assert.deepEqual(missing, [], `deploy/Dockerfile does not copy: ${missing.join(", ")}`);
  for (const needed of [".deno-version", "deno.json", "deno.lock", "bin"]) {
    assert.ok(copied.includes(needed), `deploy/Dockerfile does not copy ${needed}`);
  }
});

Deno.test("Dockerfile - the pinned Deno, a non-root user, a health check on /health", async () => {
  const pinned = (await Deno.readTextFile(`${ROOT}.deno-version`)).trim();
  assert.match(DOCKERFILE, new RegExp(`^ARG DENO_VERSION=${pinned.replaceAll(".", "\\.")}$`, "m"));
  const stage = finalStage();
  const user = stage.findLast((step) => step.instruction === "USER");
  assert.ok(user && !/^(root|0)(:|$)/.test(user.args), `final USER: ${user?.args}`);
  const health = stage.find((step) => step.instruction === "HEALTHCHECK");
  assert.ok(health && health.args.includes("/health"), "no HEALTHCHECK on /health");
  assert.ok(stage.some((step) => step.instruction === "EXPOSE" && step.args === "8080"));
});

Deno.test("Kubernetes example - its probes answer as its notes say on a real Stratos", async () => {
  const spec = await container();
  const ports = spec.ports as { name: string; containerPort: number }[];
  assert.deepEqual(ports.map((port) => port.containerPort), [8080]);
  const readiness = (spec.readinessProbe as { httpGet: { path: string } }).httpGet.path;
  const liveness = (spec.livenessProbe as { httpGet: { path: string } }).httpGet.path;
  assert.notEqual(readiness, liveness);
  // A database on a closed port: not ready, but alive (an outage must not restart replicas).
  const app = await dataApp({
    database: {
      type: "postgresql",
      connectionString: `postgres://stratos:stratos@127.0.0.1:${freePort()}/stratos`,
    },
    queries: [{ name: "one", query: "SELECT 1 AS one" }],
  });
  const proc = await startStratos(app);
  try {
    assert.equal(await fetch(`${proc.url}${liveness}`).then(statusOf), 200);
    const deadline = performance.now() + 10_000;
    let status = 0;
    while (status !== 503 && performance.now() < deadline) {
      status = await fetch(`${proc.url}${readiness}`).then(statusOf);
    }
    assert.equal(status, 503, `the readiness probe ${readiness} never said 503`);
    assert.equal(await fetch(`${proc.url}${liveness}`).then(statusOf), 200);
  } finally {
    assert.equal(await proc.stop(), 0);
  }
});

Deno.test("Kubernetes example - the readiness probe answers 200 once a plain app serves", async () => {
  const spec = await container();
  const readiness = (spec.readinessProbe as { httpGet: { path: string } }).httpGet.path;
  const proc = await startStratos(`${ROOT}examples/hello`);
  try {
    assert.equal(await fetch(`${proc.url}${readiness}`).then(statusOf), 200);
  } finally {
    assert.equal(await proc.stop(), 0);
  }
});

/** The status of `response`, its body read. */
async function statusOf(response: Response): Promise<number> {
  await response.body?.cancel();
  return response.status;
}
