import { describe, expect, it } from 'vitest';
import { keepTickShapes } from '../../src/server/tick-shapes.js';

describe('keepTickShapes', () => {
  // False would mean this Node no longer names its records TickObject: the tuning has lapsed.
  it("keeps one of this Node's nextTick records, once", () => {
    expect(keepTickShapes()).toBe(true);
    expect(keepTickShapes()).toBe(true);
  });
});
