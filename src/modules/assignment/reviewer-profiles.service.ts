import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, isStaff } from '../../platform/auth/auth-user';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { AssignmentsRepository } from './assignments.repository';
import { ReviewerProfileDto, ReviewerProfileViewDto } from './dto/assignment.dto';
import { ReviewerProfile } from './entities/reviewer-profile.entity';

/** What only the secretariat decides on a profile: committee membership and load cap. */
const STAFF_ONLY: ReadonlyArray<keyof ReviewerProfileDto> = ['stcMember', 'capacityPerCall'];

/** Reviewers edit their own profile (expertise, languages, availability, conflicts); the secretariat edits all. */
@Injectable()
export class ReviewerProfilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: AssignmentsRepository,
  ) {}

  async get(user: AuthUser, userId: string): Promise<ReviewerProfileViewDto> {
    const account = await this.reviewerAccount(user, userId);
    const profile = await this.assignments.profile(userId);
    return this.view(account, profile ?? this.empty(userId));
  }

  async put(user: AuthUser, userId: string, dto: ReviewerProfileDto): Promise<ReviewerProfileViewDto> {
    const account = await this.reviewerAccount(user, userId);
    if (!isStaff(user)) {
      const forbidden = STAFF_ONLY.filter((field) => dto[field] !== undefined);
      if (forbidden.length > 0) throw new DomainException('FORBIDDEN', `Only the secretariat sets ${forbidden.join(', ')}`, { fields: forbidden });
    }
    const current = (await this.assignments.profile(userId)) ?? this.empty(userId);
    const defined = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<ReviewerProfile>;
    const saved = await this.assignments.saveProfile({ ...current, ...defined, userId, user: undefined });
    return this.view(account, saved);
  }

  private async reviewerAccount(user: AuthUser, userId: string): Promise<{ name: string; email: string }> {
    if (!isStaff(user) && user.id !== userId) throw new NotFoundException('Reviewer');
    const rows: Array<{ name: string; email: string; roles: string[] }> = await this.dataSource.query('SELECT name, email, roles FROM user_account WHERE id = $1', [userId]);
    if (!rows[0] || !rows[0].roles.includes('reviewer')) throw new NotFoundException('Reviewer');
    return rows[0];
  }

  private empty(userId: string): ReviewerProfile {
    return Object.assign(new ReviewerProfile(), {
      userId,
      stcMember: false,
      languages: [],
      practices: [],
      landUses: [],
      disciplines: [],
      criteriaFocus: [],
      regions: [],
      countries: [],
      capacityPerCall: 4,
      available: true,
      conflictOrganizationIds: [],
      conflictPersonEmails: [],
      conflictProjectIds: [],
    });
  }

  private view(account: { name: string; email: string }, profile: ReviewerProfile): ReviewerProfileViewDto {
    return {
      userId: profile.userId,
      name: account.name,
      email: account.email,
      stcMember: profile.stcMember,
      languages: profile.languages,
      practices: profile.practices,
      landUses: profile.landUses,
      disciplines: profile.disciplines,
      criteriaFocus: profile.criteriaFocus,
      regions: profile.regions,
      countries: profile.countries,
      capacityPerCall: profile.capacityPerCall,
      available: profile.available,
      conflictOrganizationIds: profile.conflictOrganizationIds,
      conflictPersonEmails: profile.conflictPersonEmails,
      conflictProjectIds: profile.conflictProjectIds,
    };
  }
}
