import { Controller, Get, Res } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators';
import { LivenessDto, ReadinessDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  live(): LivenessDto {
    return { status: 'alive', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** PostgreSQL and Redis both answer; 503 otherwise, naming which is down. */
  @Get('ready')
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'a dependency is down' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ready') reply.status(503);
    return readiness;
  }
}
