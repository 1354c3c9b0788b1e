/**
 * Test infrastructure: the real services the tests use (NATS, Kafka, Redis, PostgreSQL and
 * MariaDB on loopback, see services.ts), the Debian tools some tests drive (tools.ts) and the
 * runner behind `deno task test` (runner.ts). Tests,
 * their support modules and the benchmarks use it; the runtime and the build tools never do.
 *
 * @module
 */

export {
  ENDPOINTS,
  ENV_FILE,
  SERVICE_NAMES,
  type ServiceName,
  type ServiceResult,
  servicesDown,
  type ServicesOptions,
  servicesStatus,
  servicesUp,
} from "./services/mod.ts";
export { ensureTool, type ToolName, TOOLS } from "./tools.ts";
