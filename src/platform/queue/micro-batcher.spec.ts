import { MicroBatcher } from './micro-batcher';

/** A promise settled from outside, to hold a batch open. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('MicroBatcher', () => {
  it('starts at once when a lane is free, and groups what arrives while the lanes are busy', async () => {
    const batches: number[][] = [];
    const first = gate();
    const batcher = new MicroBatcher<number, string>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await first.promise;
        return items.map((item) => `#${item}`);
      },
      { maxBatch: 10, lanes: 1 },
    );
    const one = batcher.submit(1);
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((item) => batcher.submit(item));
    expect(batcher.backlog).toBe(4);
    first.open();
    await expect(one).resolves.toBe('#1');
    await expect(Promise.all(rest)).resolves.toEqual(['#2', '#3', '#4', '#5']);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('takes no more than maxBatch items at a time, and runs up to `lanes` batches together', async () => {
    const active: number[] = [];
    let mostAtOnce = 0;
    const sizes: number[] = [];
    const hold = gate();
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        active.push(1);
        mostAtOnce = Math.max(mostAtOnce, active.length);
        sizes.push(items.length);
        await hold.promise;
        active.pop();
        return items.map((item) => item * 2);
      },
      { maxBatch: 3, lanes: 2 },
    );
    const results = Array.from({ length: 11 }, (_, item) => batcher.submit(item));
    hold.open();
    await expect(Promise.all(results)).resolves.toEqual(Array.from({ length: 11 }, (_, item) => item * 2));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(11);
    expect(mostAtOnce).toBe(2);
  });

  it('runs a failed batch again item by item, so that only the bad item fails', async () => {
    const calls: number[][] = [];
    const hold = gate();
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        calls.push(items);
        if (calls.length === 1) await hold.promise;
        if (items.includes(13)) throw new Error('thirteen');
        return items;
      },
      { maxBatch: 10, lanes: 1 },
    );
    const first = batcher.submit(1);
    const others = [12, 13, 14].map((item) => batcher.submit(item));
    hold.open();
    await first;
    const settled = await Promise.allSettled(others);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('thirteen'));
    expect(calls).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('fails every item of a batch whose results do not match its items', async () => {
    const batcher = new MicroBatcher<number, number>(async () => [], { maxBatch: 5, lanes: 1 });
    await expect(batcher.submit(1)).rejects.toThrow('a batch of 1 answered 0 results');
  });

  it('refuses options that could never run a batch', () => {
    expect(() => new MicroBatcher(async () => [], { maxBatch: 0, lanes: 1 })).toThrow(RangeError);
    expect(() => new MicroBatcher(async () => [], { maxBatch: 4, lanes: 0 })).toThrow(RangeError);
  });
});
