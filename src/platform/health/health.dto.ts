export class LivenessDto {
  /** always `alive` while the process serves requests */
  status: 'alive';
  /** seconds since the process started */
  uptimeSeconds: number;
}

export class DependencyCheckDto {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export class ReadinessChecksDto {
  postgres: DependencyCheckDto;
  redis: DependencyCheckDto;
}

export class ReadinessDto {
  /** `ready` (200) when PostgreSQL and Redis both answer, else `unavailable` (503) */
  status: 'ready' | 'unavailable';
  checks: ReadinessChecksDto;
}
