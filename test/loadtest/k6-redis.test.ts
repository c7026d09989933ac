import { describe, expect, it } from 'vitest';
import { redisCost, type RedisCounters } from '../../loadtest/lib/k6-redis.js';

const at = (seconds: number, c: Partial<RedisCounters>): RedisCounters => ({
  at: seconds * 1000,
  cpuSeconds: 0,
  commands: 0,
  publishes: 0,
  inputBytes: 0,
  outputBytes: 0,
  calls: {},
  ...c,
});

describe('Redis cost of a fan-out, from INFO counters around it', () => {
  it('takes the idle rate measured before out of the window', () => {
    // Idle: 100 B/s in, 1 command/s. Window of 20 s: 2,000 B idle + 460,000 B of fan-out.
    const cost = redisCost(
      { before: at(0, { inputBytes: 0, commands: 0 }), after: at(5, { inputBytes: 500, commands: 5 }) },
      {
        before: at(5, { inputBytes: 500, commands: 5, cpuSeconds: 1 }),
        after: at(25, {
          inputBytes: 462_500,
          commands: 1_025,
          publishes: 1_000,
          cpuSeconds: 1.25,
          calls: { publish: 1_000, info: 3 },
        }),
      },
    );
    expect(cost.byCommand).toEqual({ publish: 1_000, info: 3 });
    expect(cost.windowSeconds).toBe(20);
    expect(cost.inputBytes).toBe(460_000);
    expect(cost.commands).toBe(1_000);
    expect(cost.publishes).toBe(1_000);
    expect(cost.cpuSeconds).toBeCloseTo(0.25);
  });

  it('never reports a negative cost when the idle rate overestimates', () => {
    const cost = redisCost(
      { before: at(0, {}), after: at(1, { outputBytes: 1_000 }) },
      { before: at(1, { outputBytes: 1_000 }), after: at(11, { outputBytes: 2_000 }) },
    );
    expect(cost.outputBytes).toBe(0);
  });
});
