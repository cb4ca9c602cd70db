import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SecurityEventInput, SecurityEventsRepository } from './security-events.repository';

/** Records sign-ins and account changes; also logs them, so they reach the log pipeline too. */
@Injectable()
export class SecurityAudit {
  private readonly logger = new Logger('Security');

  constructor(private readonly events: SecurityEventsRepository) {}

  async record(event: SecurityEventInput, manager?: EntityManager): Promise<void> {
    await this.events.record(event, manager);
    this.logger.log({ msg: `security: ${event.action}`, ...event });
  }
}
