/**
 * What one invocation of a Runnable produced, as the sequence executor sees it: its output, the
 * error it returned on purpose, or why it failed.
 *
 * @module
 */

/** An error a Runnable returned on purpose (Atmo's `RunErr`). */
export interface RunErr {
  /** Error code; 200–599 become the HTTP status. */
  code: number;
  /** Error message. */
  message: string;
}

/** What one invocation produced. */
export interface InvokeResult {
  /** Bytes passed to `return_result` (undefined if the guest returned nothing). */
  output?: Uint8Array;
  /** Error the guest returned on purpose. */
  runErr?: RunErr;
  /** The guest trapped or misused the ABI: `wasm execution error: ...`. */
  failure?: string;
  /** Response headers the guest set. */
  respHeaders: Map<string, string>;
  /**
   * The HTTP-style status of a failure that is not the guest's fault: 504 when it was stopped at
   * its deadline, 503 when no instance could be had (overload). Absent: 500.
   */
  failureStatus?: number;
}
