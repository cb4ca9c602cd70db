import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Language } from '@fasp/core';
import type { MatchingInput, MatchingProject, MatchingReviewer } from '@fasp/matching';
import { DataSource, EntityManager } from 'typeorm';
import { Call } from '../calls/entities/call.entity';
import { Project } from '../projects/entities/project.entity';
import { AssignmentsRepository } from './assignments.repository';
import { ACTIVE_ASSIGNMENT_STATUSES, Assignment } from './entities/assignment.entity';
import { ReviewerProfile } from './entities/reviewer-profile.entity';

/** One project's needs, as a run or a manual check sees them. */
export interface ProjectNeeds {
  project: Project;
  active: Assignment[];
  /** every reviewer who ever held or was offered a seat: never offered it again */
  excluded: string[];
  slots: number;
  needsLead: boolean;
}

/**
 * Turns the state of a call into the matching library's input: projects in `assignment` (or in
 * `review` with a seat to fill again) with
 * seats to fill, and reviewers with their remaining capacity in the call. People named in a
 * dossier are identified by email and, when they have an account, by user id, so that both
 * "the reviewer is named" and "the reviewer declared a conflict with someone named" are found.
 */
@Injectable()
export class MatchingInputBuilder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: AssignmentsRepository,
  ) {}

  async needsOf(project: Project, call: Call, manager?: EntityManager): Promise<ProjectNeeds> {
    const all = await this.assignments.forProject(project.id, manager);
    const active = all.filter((assignment) => ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status));
    return {
      project,
      active,
      excluded: [...new Set(all.map((assignment) => assignment.reviewerId))],
      // K, plus any reviewer invited because the reviews diverged
      slots: Math.max(0, call.reviewersPerProject + project.extraReviewers - active.length),
      needsLead: !active.some((assignment) => assignment.role === 'lead'),
    };
  }

  async build(call: Call, projectIds: string[] | null, manager?: EntityManager): Promise<{ input: MatchingInput; needs: ProjectNeeds[] }> {
    const m = manager ?? this.dataSource.manager;
    // in review too: a seat freed there (a removal) or added (divergence) is filled again
    const query = m.getRepository(Project).createQueryBuilder('p').where("p.callId = :callId AND p.stage IN ('assignment', 'review')", { callId: call.id });
    if (projectIds) query.andWhere('p.id IN (:...projectIds)', { projectIds: projectIds.length > 0 ? projectIds : ['00000000-0000-0000-0000-000000000000'] });
    const projects = await query.orderBy('p.id').getMany();
    const needs = (await Promise.all(projects.map((project) => this.needsOf(project, call, m)))).filter((need) => need.slots > 0);
    const personIds = await this.personIds(needs.map((need) => need.project), m);
    const loads = await this.assignments.loads(call.id, m);
    const reviewers = await this.assignments.availableReviewers(m);
    return {
      needs,
      input: {
        projects: needs.map((need) => this.toMatchingProject(need, personIds.get(need.project.id) ?? [])),
        reviewers: reviewers.map((reviewer) => this.toMatchingReviewer(reviewer, loads.get(reviewer.userId) ?? 0)),
      },
    };
  }

  toMatchingProject(need: ProjectNeeds, namedPersonIds: string[]): MatchingProject {
    const { project } = need;
    return {
      id: project.id,
      language: project.language as Language,
      slots: need.slots,
      needsLead: need.needsLead,
      excludedReviewerIds: need.excluded,
      practices: project.dossier.practices ?? [],
      landUses: project.dossier.landUses ?? [],
      countries: project.countries,
      regions: [project.region],
      holderOrganisationId: project.organizationId,
      partnerOrganisationIds: (project.dossier.partners ?? []).map((partner) => partner.organizationId).filter((id): id is string => !!id),
      namedPersonIds,
    };
  }

  toMatchingReviewer(profile: ReviewerProfile & { organizationId: string | null }, currentLoad: number): MatchingReviewer {
    return {
      id: profile.userId,
      languages: profile.languages as Language[],
      stcMember: profile.stcMember,
      capacity: Math.max(0, profile.capacityPerCall - currentLoad),
      currentLoad,
      practices: profile.practices,
      landUses: profile.landUses,
      disciplines: profile.disciplines,
      criteriaFocus: profile.criteriaFocus,
      countries: profile.countries,
      regions: profile.regions,
      organisationIds: profile.organizationId ? [profile.organizationId] : [],
      conflicts: {
        organisationIds: profile.conflictOrganizationIds,
        personIds: profile.conflictPersonEmails,
        projectIds: profile.conflictProjectIds,
      },
    };
  }

  /** Per project: the holder, and everyone named in the team, by email and by account id. */
  async personIds(projects: Project[], manager: EntityManager): Promise<Map<string, string[]>> {
    const emails = new Set<string>();
    for (const project of projects) for (const person of project.dossier.team ?? []) if (person.email) emails.add(person.email.toLowerCase());
    const accounts: Array<{ id: string; email: string }> =
      emails.size > 0 ? await manager.query('SELECT id, email FROM user_account WHERE email = ANY($1)', [[...emails]]) : [];
    const idByEmail = new Map(accounts.map((account) => [account.email, account.id]));
    const holders: Array<{ id: string; email: string }> =
      projects.length > 0 ? await manager.query('SELECT id, email FROM user_account WHERE id = ANY($1)', [[...new Set(projects.map((project) => project.holderId))]]) : [];
    const holderEmail = new Map(holders.map((holder) => [holder.id, holder.email]));
    const result = new Map<string, string[]>();
    for (const project of projects) {
      const ids = new Set<string>([project.holderId]);
      const email = holderEmail.get(project.holderId);
      if (email) ids.add(email);
      for (const person of project.dossier.team ?? []) {
        if (!person.email) continue;
        const lower = person.email.toLowerCase();
        ids.add(lower);
        const id = idByEmail.get(lower);
        if (id) ids.add(id);
      }
      result.set(project.id, [...ids]);
    }
    return result;
  }
}
