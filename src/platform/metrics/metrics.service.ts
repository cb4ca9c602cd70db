import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { OutboxRepository } from '../outbox/outbox.repository';
import { QueueClients } from '../queue/queue-clients';

/**
 * Prometheus metrics of this process: HTTP latency, queue depths and outbox backlog (the last
 * two read from Redis and PostgreSQL at scrape time, so any API process reports them).
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(queues: QueueClients, outbox: OutboxRepository) {
    collectDefaultMetrics({ register: this.registry, prefix: 'fasp_' });
    this.httpDuration = new Histogram({
      name: 'fasp_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const logger = this.logger;
    new Gauge({
      name: 'fasp_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        try {
          const counts = await queues.counts();
          for (const [queue, states] of Object.entries(counts)) {
            for (const [state, value] of Object.entries(states)) this.set({ queue, state }, value);
          }
        } catch (error) {
          logger.warn({ msg: 'queue depths unavailable for metrics', error: (error as Error).message });
        }
      },
    });
    const backlog = () => outbox.backlog();
    let lastBacklog: ReturnType<typeof backlog> | undefined;
    const sharedBacklog = () => (lastBacklog ??= backlog().finally(() => setImmediate(() => (lastBacklog = undefined))));
    new Gauge({
      name: 'fasp_outbox_pending',
      help: 'Outbox rows committed but not yet dispatched to the queues',
      registers: [this.registry],
      async collect() {
        this.set((await sharedBacklog().catch(() => ({ pending: Number.NaN }))).pending);
      },
    });
    new Gauge({
      name: 'fasp_outbox_oldest_pending_seconds',
      help: 'Age of the oldest undispatched outbox row',
      registers: [this.registry],
      async collect() {
        this.set((await sharedBacklog().catch(() => ({ oldestPendingSeconds: Number.NaN }))).oldestPendingSeconds);
      },
    });
    new Gauge({
      name: 'fasp_outbox_failing',
      help: 'Undispatched outbox rows whose dispatch failed at least once',
      registers: [this.registry],
      async collect() {
        this.set((await sharedBacklog().catch(() => ({ failing: Number.NaN }))).failing);
      },
    });
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }
}
