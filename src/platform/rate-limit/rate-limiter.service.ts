import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { QueueClients } from '../queue/queue-clients';

export interface RateLimitState {
  count: number;
  limited: boolean;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in Redis, so that every API process shares one limit. If Redis is
 * unreachable the limiter lets requests through (and logs): losing sign-in for everyone would
 * be worse than losing the limit for a moment.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    private readonly queues: QueueClients,
    private readonly config: AppConfig,
  ) {}

  private key(name: string): string {
    return `${this.config.queuePrefix}:rate:${name}`;
  }

  /** Counts one event and says whether the limit is now exceeded. */
  async hit(name: string, limit: number, windowSeconds: number): Promise<RateLimitState> {
    try {
      const key = this.key(name);
      const results = await this.queues.connection.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      const ttl = Number(results?.[2]?.[1] ?? windowSeconds);
      return { count, limited: count > limit, retryAfterSeconds: Math.max(1, ttl) };
    } catch (error) {
      this.logger.warn({ msg: 'rate limiter unavailable; allowing', error: (error as Error).message });
      return { count: 0, limited: false, retryAfterSeconds: 0 };
    }
  }

  /** Reads a counter without counting. */
  async peek(name: string, limit: number): Promise<RateLimitState> {
    try {
      const key = this.key(name);
      const [count, ttl] = await Promise.all([this.queues.connection.get(key), this.queues.connection.ttl(key)]);
      const n = Number(count ?? 0);
      return { count: n, limited: n >= limit, retryAfterSeconds: Math.max(1, ttl) };
    } catch (error) {
      this.logger.warn({ msg: 'rate limiter unavailable; allowing', error: (error as Error).message });
      return { count: 0, limited: false, retryAfterSeconds: 0 };
    }
  }

  async reset(name: string): Promise<void> {
    await this.queues.connection.del(this.key(name)).catch(() => undefined);
  }
}
