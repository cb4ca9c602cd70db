import { Global, Module } from '@nestjs/common';
import { QueueClients } from './queue-clients';

/** Producer-side queue access for every role. */
@Global()
@Module({
  providers: [QueueClients],
  exports: [QueueClients],
})
export class QueueModule {}
