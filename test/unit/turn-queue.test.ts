import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../../src/services/turn-queue.js';

describe('the turn queue (CPU-heavy steps one per event-loop turn)', () => {
  it('lets I/O callbacks in between steps instead of running every queued step back to back', async () => {
    const turns = new TurnQueue();
    const order: string[] = [];
    const steps = [1, 2, 3].map((n) => turns.run(() => order.push(`step ${n}`)));
    // Stands for a database answer that arrives while the steps wait: it must not wait for all three.
    setImmediate(() => order.push('io'));
    await Promise.all(steps);
    expect(order.indexOf('io')).toBeGreaterThan(0);
    expect(order.indexOf('io')).toBeLessThan(order.indexOf('step 3'));
    expect(order.filter((o) => o.startsWith('step'))).toEqual(['step 1', 'step 2', 'step 3']);
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
