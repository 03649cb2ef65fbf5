/**
 * The open-loop sender's schedule: request k (from 0) is due `k × 1,000 / rate` ms after
 * the phase starts, and its latency is measured from then.
 */

/** When request `k` is due, in ms from the start of the phase. */
export function dueAt(k: number, rate: number): number {
  return (k * 1000) / rate;
}

/** How many requests are due `elapsedMs` into a phase of `total` requests: those with dueAt(k) ≤ elapsedMs. */
export function requestsDue(elapsedMs: number, rate: number, total: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(Math.floor((elapsedMs * rate) / 1000) + 1, total); // multiplied first: 5 ms × 1,400/s is exactly 7 due
}
