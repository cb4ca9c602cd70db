import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/access.decorators';
import { AppConfig } from '../config/app-config';
import { DomainException } from '../errors/domain-exception';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  /** Prometheus text format. When METRICS_TOKEN is set, send it as a bearer token. */
  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus exposition format', schema: { type: 'string' } })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    this.authorise(authorization);
    reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }

  private authorise(authorization: string | undefined): void {
    const token = this.config.metricsToken;
    if (!token) return;
    const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new DomainException('UNAUTHENTICATED', 'A valid metrics token is required');
    }
  }
}
