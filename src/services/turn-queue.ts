/** A turn runs this fraction (1/n) of the steps waiting when it starts. */
const SHARE_OF_BACKLOG = 4;

export interface TurnQueueOptions {
  /** Longest a turn runs steps back to back, in ms (a step already started finishes). */
  sliceMs?: number;
  /** Milliseconds from an arbitrary origin (tests pass a clock of their own). */
  now?: () => number;
}

/**
 * Runs CPU-heavy steps between the event loop's I/O. Screening a request takes under a
 * millisecond of CPU; when many arrive together, running them all back to back would keep
 * the loop from reading the database's answers, and the decision log's statement (every
 * decision waits for it) would wait behind all of them.
 *
 * A turn runs a quarter of the steps waiting when it starts (at least one, for at most
 * `sliceMs`), then lets I/O in. One step per turn keeps the log quickest while little
 * waits, but a backlog (after a garbage collection pause, say) then drains barely faster
 * than requests arrive, since every turn also parses the requests that came in: at 700
 * screenings/s steps waited 40–110 ms in a queue of 30–50 (load benchmark, 2026-12-07).
 * End to end the two measured the same within that machine's noise (benchmarks.md).
 */
export class TurnQueue {
  private readonly waiting: Array<() => void> = [];
  private pumping = false;
  private readonly sliceMs: number;
  private readonly now: () => number;

  constructor(options: TurnQueueOptions = {}) {
    this.sliceMs = options.sliceMs ?? 2;
    this.now = options.now ?? (() => performance.now());
  }

  run<T>(step: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        try {
          resolve(step());
        } catch (error) {
          reject(error);
        }
      });
      if (!this.pumping) {
        this.pumping = true;
        setImmediate(this.pump);
      }
    });
  }

  private readonly pump = (): void => {
    const started = this.now();
    const share = Math.ceil(this.waiting.length / SHARE_OF_BACKLOG);
    let ran = 0;
    do {
      this.waiting.shift()?.();
      ran += 1;
    } while (ran < share && this.waiting.length > 0 && this.now() - started < this.sliceMs);
    if (this.waiting.length > 0) setImmediate(this.pump);
    else this.pumping = false;
  };
}
