import { describe, expect, it } from 'vitest';
import { dueAt, requestsDue } from '../../bench/support/open-loop-schedule.js';

describe('the load benchmark’s open-loop schedule', () => {
  it('sends the first request at the start of the phase, not one interval later', () => {
    expect(requestsDue(0, 200, 3000)).toBe(1);
    expect(requestsDue(4.9, 200, 3000)).toBe(1);
  });

  it('counts a request as due from the moment it is scheduled', () => {
    expect(dueAt(1, 200)).toBe(5);
    expect(requestsDue(5, 200, 3000)).toBe(2);
    expect(requestsDue(dueAt(99, 600), 600, 9000)).toBe(100);
  });

  it('never sends more than the phase holds', () => {
    expect(requestsDue(60_000, 1000, 15_000)).toBe(15_000);
  });

  it('sends nothing before the phase starts', () => {
    expect(requestsDue(-1, 1000, 15_000)).toBe(0);
  });

  it('keeps every request within one timer tick of its due time when ticks come every millisecond', () => {
    const rate = 1400;
    let sent = 0;
    const lateness: number[] = [];
    for (let tick = 0; tick <= 1000; tick++) {
      const due = requestsDue(tick, rate, rate);
      while (sent < due) lateness.push(tick - dueAt(sent++, rate));
    }
    expect(sent).toBe(rate);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lateness)).toBeLessThan(1);
  });
});
