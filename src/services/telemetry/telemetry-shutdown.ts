/**
 * The one thing application code needs from telemetry: flushing it before the process exits. The SDK
 * is started by `register.ts` through `--import`; without it, flushing does nothing.
 */
let flush: () => Promise<void> = async () => {};

export function setTelemetryFlush(flushTelemetry: () => Promise<void>): void {
  flush = flushTelemetry;
}

/** Sends what is buffered (spans, the last metric points, log records); never throws. */
export async function flushTelemetry(): Promise<void> {
  await flush().catch(() => {});
}
