import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachedShouldSendIt, cronParser, originalShouldSendIt } from './cron-check-cache.js';
import './scheduler.js';

// every schedule the server registers (jobs/*.ts), a DST zone, and one every minute
// (pg-boss's own check walks back minute by minute: the monthly and quarterly ones cost ~0.1 s a call, so fewer runs)
const daily = ['30 2 * * *', '45 3 * * *', '0 7 * * *', '30 5 * * *', '*/15 * * * *', '0 6 * * *', '30 7 * * *', '*/10 * * * *', '10 1 * * *', '0 2 * * *', '* * * * *'];
const rare = ['0 1 1 1,4,7,10 *', '0 3 1 * *'];
const zones = ['Asia/Shanghai', 'Europe/Berlin'];

afterEach(() => vi.useRealTimers());

describe('PLT-7 the schedules’ due check from cached fire times', () => {
  it.each([
    ['daily and more often', daily, 30, 15],
    ['monthly and quarterly', rare, 6, 4],
  ])('PLT-7 answers as pg-boss’s own check at every moment, fire times and their neighbours included (%s)', (_, schedules, numRuns, maxLength) => {
    vi.useFakeTimers();
    const start = Date.UTC(2026, 0, 1);
    const year = 366 * 86_400_000;
    fc.assert(
      fc.property(
        fc.constantFrom(...schedules),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: year }),
        fc.array(fc.oneof(fc.integer({ min: 1, max: 45_000 }), fc.integer({ min: 1, max: 4 * 3_600_000 }), fc.constant(-1)), { minLength: 1, maxLength }),
        fc.integer({ min: -5_000, max: 5_000 }),
        (cron, tz, offset, steps, clockSkew) => {
          const tk = { clockSkew };
          let now = start + offset;
          for (const step of steps) {
            // -1: jump to the next fire time exactly, or to a millisecond on either side of it
            if (step === -1) now = cronParser.parseExpression(cron, { tz, currentDate: new Date(now) }).next().getTime() + ((now % 3) - 1);
            else now += step;
            vi.setSystemTime(now);
            expect(cachedShouldSendIt.call(tk, cron, tz), `${cron} ${tz} at ${new Date(now).toISOString()}`).toBe(originalShouldSendIt.call(tk, cron, tz));
          }
        },
      ),
      { numRuns },
    );
  }, 180_000);

  it('PLT-7 the server’s scheduler installs it on pg-boss, which then parses a schedule once per firing, not on every check', async () => {
    const Timekeeper = (await import('node:module')).createRequire(import.meta.url)('pg-boss/src/timekeeper.js') as { prototype: { shouldSendIt: unknown } };
    expect(Timekeeper.prototype.shouldSendIt).toBe(cachedShouldSendIt);
    vi.useFakeTimers();
    const parse = vi.spyOn(cronParser, 'parseExpression');
    let now = Date.UTC(2026, 5, 1, 3, 0, 7);
    for (let i = 0; i < 2 * 60 * 2; i++, now += 30_000) {
      vi.setSystemTime(now);
      cachedShouldSendIt.call({ clockSkew: 0 }, '0 6 * * *', 'Asia/Shanghai');
    }
    // 2 hours of checks every 30 s: one working-out (3 parses) at the start, none after
    expect(parse.mock.calls.length).toBeLessThanOrEqual(3);
    parse.mockRestore();
  });
});
