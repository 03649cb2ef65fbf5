/**
 * Runs CPU-heavy steps one per event-loop turn. Screening a request takes about a
 * millisecond of CPU; when many arrive together, running them back to back would keep the
 * loop from reading the database's answers, and the decision log's transaction (every
 * decision waits for it) would wait behind all of them at each of its statements. One
 * step per turn lets the log's statements through between steps.
 */
export class TurnQueue {
  private readonly waiting: Array<() => void> = [];
  private pumping = false;

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
    const next = this.waiting.shift();
    next?.();
    if (this.waiting.length > 0) setImmediate(this.pump);
    else this.pumping = false;
  };
}
