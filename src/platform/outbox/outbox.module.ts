import { Global, Module } from '@nestjs/common';
import { OutboxJobs } from './outbox.jobs';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** The outbox is how every module causes side effects, hence global. */
@Global()
@Module({
  providers: [OutboxRepository, OutboxService, OutboxJobs],
  exports: [OutboxRepository, OutboxService],
})
export class OutboxModule {}
