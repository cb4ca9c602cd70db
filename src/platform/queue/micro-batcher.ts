export interface MicroBatcherOptions {
  /** The most items one batch takes. */
  maxBatch: number;
  /** How many batches may run at the same time. */
  lanes: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for jobs. An item submitted while a lane is free starts a batch at once (an idle
 * queue waits for nothing); items submitted while every lane is busy wait and go together in the
 * next batch, so a busy queue pays one transaction for many jobs. `run` answers one result per
 * item, in order. A batch that fails is run again item by item, so that an item that cannot be
 * handled fails alone and the others succeed.
 */
export class MicroBatcher<T, R> {
  private readonly waiting: Array<Waiting<T, R>> = [];
  private running = 0;

  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly options: MicroBatcherOptions,
  ) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
    if (!Number.isInteger(options.lanes) || options.lanes < 1) throw new RangeError('lanes must be a positive integer');
  }

  /** Items waiting for a lane. */
  get backlog(): number {
    return this.waiting.length;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.lanes && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.running += 1;
      void this.settle(batch).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async settle(batch: Array<Waiting<T, R>>): Promise<void> {
    try {
      const results = await this.runChecked(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => entry.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const entry of batch) {
        try {
          const [result] = await this.runChecked([entry.item]);
          entry.resolve(result);
        } catch (itemError) {
          entry.reject(itemError);
        }
      }
    }
  }

  private async runChecked(items: T[]): Promise<R[]> {
    const results = await this.run(items);
    if (results.length !== items.length) throw new Error(`a batch of ${items.length} answered ${results.length} results`);
    return results;
  }
}
