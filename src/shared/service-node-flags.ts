/**
 * V8 heap limits for the two services. Left to itself on a large machine, V8 grows the young generation
 * to over 100 MiB and lets the old one run far ahead of its live data: 370 MiB of RSS under load where
 * the live heap is a few tens. Capped, RSS stays near 150 MiB at the same throughput (see the benchmark).
 * The container image sets the same limits through NODE_OPTIONS.
 */
export const SERVICE_HEAP_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=96'];
