import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { EmailSender } from './email-sender.service';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { NotificationsJobs } from './notifications.jobs';
import { NotificationsService } from './notifications.service';
import { RecipientsRepository } from './recipients';
import { RemindersService } from './reminders.service';

/** Email and in-app notifications in three languages, reminders, escalations and the daily digest. */
@Module({
  imports: [IdentityModule, WorkflowModule],
  controllers: [InboxController],
  providers: [NotificationsService, InboxService, NotificationsJobs, EmailSender, RecipientsRepository, RemindersService],
  exports: [NotificationsService, InboxService],
})
export class NotificationsModule {}
