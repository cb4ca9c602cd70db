import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueClients, withTimeout } from '../queue/queue-clients';

export interface DependencyCheck {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  status: 'ready' | 'unavailable';
  checks: { postgres: DependencyCheck; redis: DependencyCheck };
}

const CHECK_TIMEOUT_MS = 1500;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueClients,
  ) {}

  async readiness(): Promise<Readiness> {
    const [postgres, redis] = await Promise.all([
      this.check(() => withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS, 'PostgreSQL did not answer in time')),
      this.check(() => this.queues.ping(CHECK_TIMEOUT_MS)),
    ]);
    const ready = postgres.status === 'up' && redis.status === 'up';
    return { status: ready ? 'ready' : 'unavailable', checks: { postgres, redis } };
  }

  private async check(probe: () => Promise<unknown>): Promise<DependencyCheck> {
    const started = performance.now();
    try {
      await probe();
      return { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
    }
  }
}
