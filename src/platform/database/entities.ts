import { Organization } from '../../modules/identity/entities/organization.entity';
import { PasswordToken } from '../../modules/identity/entities/password-token.entity';
import { RefreshToken } from '../../modules/identity/entities/refresh-token.entity';
import { SecurityEvent } from '../../modules/identity/entities/security-event.entity';
import { User } from '../../modules/identity/entities/user.entity';
import { OutboxEntry } from '../outbox/outbox-entry.entity';
import { Assignment } from '../../modules/assignment/entities/assignment.entity';
import { AssignmentRun } from '../../modules/assignment/entities/assignment-run.entity';
import { ReviewerProfile } from '../../modules/assignment/entities/reviewer-profile.entity';
import { Review } from '../../modules/reviews/entities/review.entity';
import { Consolidation } from '../../modules/reviews/entities/consolidation.entity';
import { ProjectDocument } from '../../modules/documents/entities/project-document.entity';
import { EmailDelivery } from '../../modules/notifications/entities/email-delivery.entity';
import { NotificationPreference } from '../../modules/notifications/entities/notification-preference.entity';
import { Notification } from '../../modules/notifications/entities/notification.entity';
import { Reminder } from '../../modules/notifications/entities/reminder.entity';
import { FrameworkVersion } from '../../modules/criteria/entities/framework-version.entity';
import { Call } from '../../modules/calls/entities/call.entity';
import { FaspIdCounter } from '../../modules/projects/entities/fasp-id-counter.entity';
import { ProjectAttachment } from '../../modules/projects/entities/project-attachment.entity';
import { ProjectHistory } from '../../modules/projects/entities/project-history.entity';
import { ProjectVersion } from '../../modules/projects/entities/project-version.entity';
import { Project } from '../../modules/projects/entities/project.entity';
import { WebSession } from '../../modules/web/web-session.entity';
import { StageStay } from '../../modules/projects/entities/stage-stay.entity';

/** Every entity of the engine, listed explicitly so the build, the CLI and tests load the same set. */
export const ENTITIES = [OutboxEntry, Organization, User, RefreshToken, PasswordToken, SecurityEvent, FrameworkVersion, Call, Project, ProjectAttachment, ProjectVersion, ProjectHistory, StageStay, FaspIdCounter, ReviewerProfile, Assignment, AssignmentRun, Review, Consolidation, ProjectDocument, Notification, EmailDelivery, Reminder, NotificationPreference, WebSession];
