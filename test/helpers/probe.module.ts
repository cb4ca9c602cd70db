import { BullModule, Processor, WorkerHost } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, Module, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';
import { Public } from '../../src/platform/auth/access.decorators';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { JobName } from '../../src/platform/queue/queue.constants';

/**
 * Test-only routes and a test-only queue that exercise the platform (validation, errors,
 * correlation, outbox, graceful shutdown) before any domain module exists to do it.
 */
class ContactDto {
  @IsEmail()
  email: string;
}

class ProbeDto {
  @IsString()
  @MinLength(2)
  name: string;

  @IsInt()
  @Min(0)
  @Max(10)
  count: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
}

class SlowQueryDto {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  ms: number;
}

export const PROBE_QUEUE = 'probe';
export const probeJobs: { started: string[]; finished: string[] } = { started: [], finished: [] };

@Public()
@Controller('test')
class ProbeController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  @Post('probe')
  @HttpCode(200)
  probe(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  @Get('slow')
  async slow(@Query() query: SlowQueryDto): Promise<{ sleptMs: number }> {
    await new Promise((resolve) => setTimeout(resolve, query.ms));
    return { sleptMs: query.ms };
  }

  /** Records a real job in the outbox inside a transaction, as a service would. */
  @Post('outbox')
  @HttpCode(201)
  async record(): Promise<{ outboxId: string | null }> {
    const outboxId = await this.dataSource.transaction((manager) =>
      this.outbox.record(manager, { name: JobName.OutboxPurge, payload: { olderThanDays: 30 } }),
    );
    return { outboxId };
  }
}

@Processor(PROBE_QUEUE)
class ProbeProcessor extends WorkerHost {
  async process(job: Job<{ ms: number }>): Promise<string> {
    probeJobs.started.push(String(job.id));
    await new Promise((resolve) => setTimeout(resolve, job.data.ms));
    probeJobs.finished.push(String(job.id));
    return 'done';
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeApiModule {}

@Module({
  imports: [BullModule.registerQueue({ name: PROBE_QUEUE })],
  providers: [ProbeProcessor],
})
export class ProbeWorkerModule {}
