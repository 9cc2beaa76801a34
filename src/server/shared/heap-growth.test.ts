import { afterEach, describe, expect, it } from 'vitest';
import { boundHeapGrowth, heapGrowthInForce, setHeapGrowth } from './heap-growth.js';

describe('PLT-7 heap growth bound', () => {
  afterEach(() => setHeapGrowth(0));

  it('PLT-7 the tightest bound holds: the server’s, tightened by a running import pass and given back after it', () => {
    expect(heapGrowthInForce()).toBe(0); // V8's own factor before the server sets one
    setHeapGrowth(50);
    expect(heapGrowthInForce()).toBe(50);
    const tighter = boundHeapGrowth(30);
    const looser = boundHeapGrowth(80);
    expect(heapGrowthInForce()).toBe(30);
    tighter();
    tighter(); // a second release changes nothing
    expect(heapGrowthInForce()).toBe(50); // the server's bound, not the looser pass's
    setHeapGrowth(0);
    expect(heapGrowthInForce()).toBe(80); // a pass still running keeps its bound
    looser();
    expect(heapGrowthInForce()).toBe(0);
  });
});
