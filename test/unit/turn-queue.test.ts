import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../../src/services/turn-queue.js';

/** A clock that each step moves forward by the milliseconds it says it took. */
function steppedClock() {
  let ms = 0;
  return { now: () => ms, spend: (more: number) => (ms += more) };
}

/** Queues `count` steps that record themselves (each taking `ms` on `clock`), and an I/O callback after them. */
async function runSteps(turns: TurnQueue, count: number, clock?: ReturnType<typeof steppedClock>, ms = 0) {
  const order: string[] = [];
  const steps = Array.from({ length: count }, (_, i) =>
    turns.run(() => {
      clock?.spend(ms);
      order.push(`step ${i + 1}`);
    }),
  );
  // Stands for a database answer that arrives while the steps wait.
  setImmediate(() => order.push('io'));
  await Promise.all(steps);
  return order;
}

describe('the turn queue (CPU-heavy steps between the event loop’s I/O)', () => {
  it('with few steps waiting, runs one per turn, so an I/O callback gets in after the first', async () => {
    expect(await runSteps(new TurnQueue(), 3)).toEqual(['step 1', 'io', 'step 2', 'step 3']);
  });

  it('with a backlog, runs a quarter of it per turn, so the backlog drains in a few turns', async () => {
    expect(await runSteps(new TurnQueue(), 8)).toEqual(['step 1', 'step 2', 'io', 'step 3', 'step 4', 'step 5', 'step 6', 'step 7', 'step 8']);
  });

  it('ends a turn once its slice of time is used, even if its share of the backlog is not done', async () => {
    const clock = steppedClock();
    // 16 waiting: a share of 4, but two steps of 1.5 ms use up a 2 ms slice.
    const order = await runSteps(new TurnQueue({ sliceMs: 2, now: clock.now }), 16, clock, 1.5);
    expect(order.slice(0, 3)).toEqual(['step 1', 'step 2', 'io']);
    expect(order.filter((o) => o.startsWith('step'))).toHaveLength(16);
  });

  it('returns what a step returns and rejects with what it throws, and keeps going after', async () => {
    const turns = new TurnQueue();
    const failing = turns.run(() => {
      throw new Error('model freed');
    });
    const next = turns.run(() => 42);
    await expect(failing).rejects.toThrow('model freed');
    await expect(next).resolves.toBe(42);
  });
});
