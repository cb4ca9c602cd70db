import { Language } from '@fasp/core';
import { randomBytes } from 'node:crypto';
import { ApiClient, DemoError, mapPool, Session, StepContext, waitFor } from './demo-client';
import {
  FEEDBACK_TEXTS,
  fill,
  ORGANIZATION_NAME_VARIANTS,
  organizationName,
  practiceLabels,
  PoolReviewer,
  REVIEW_TEXTS,
  REVIEWER_POOL,
  REVISED_STATEMENTS,
  slug,
  STATEMENTS,
  TEXTS,
} from './demo-content';
import { DemoPlan, DemoSize, planDemo, PlannedOrganization, PlannedProject, planRatings, random } from './demo-plan';
import { Progress, silentProgress } from './demo-progress';

/**
 * The demo itself: the secretariat, holders, reviewers and leads of one call, each doing their
 * part through the HTTP API, concurrently, until every dossier has reached the end the plan
 * gives it. Waits are polls of the API with timeouts; nothing waits for a clock.
 */

export interface DemoTarget {
  /** where the engine answers, e.g. http://localhost:3000 */
  baseUrl: string;
  /** an account with the secretariat role (the first administrator has it) */
  admin: { email: string; password: string };
  /** where the emails go: said in the summary; `sent` counts them when the demo can see them */
  mail: { description: string; sent?: () => number };
}

export interface DemoOptions {
  progress?: Progress;
  /** requests in flight at most (default 8) */
  concurrency?: number;
  /** distinguishes this run's people and call (default: random) */
  runTag?: string;
  /** password of every account the demo creates */
  password?: string;
}

/** Password of the accounts the demo creates (demonstration data only). */
export const DEMO_PASSWORD = 'fasp demo password';
export const REVIEWER_DOMAIN = 'reviewers.demo.fasp.example';

export interface DemoSeat {
  assignmentId: string;
  reviewerId: string;
  reviewerEmail: string;
  role: 'lead' | 'member';
  /** how the reviewer came: the assignment run, a top-up after a decline, or the extra reviewer of a divergence */
  joined: 'run' | 'top_up' | 'extra';
}

export interface DemoProjectReport {
  index: number;
  id: string;
  faspId: string;
  title: string;
  language: Language;
  scenario: string;
  infoRequest: boolean;
  decline: boolean;
  organization: { id: string; name: string; country: string; region: string; college: string };
  holder: { id: string; name: string; email: string };
  plannedStage: string;
  plannedOutcomes: string[];
  stage: string;
  outcome: string | null;
  round: number;
  seats: DemoSeat[];
  /** invitations declined: the reviewer's email */
  declinedBy: string[];
}

export interface DemoReport {
  runTag: string;
  baseUrl: string;
  call: { id: string; title: string; year: number };
  size: DemoSize;
  elapsedMs: number;
  requests: number;
  /** the slowest routes: where the time went */
  routes: Array<{ route: string; count: number; meanMs: number; maxMs: number }>;
  organizations: number;
  reviewers: Array<{ id: string; name: string; email: string; stcMember: boolean; languages: readonly string[] }>;
  projects: DemoProjectReport[];
  assignmentRun: { id: string; status: string; totals: Record<string, unknown> | null; solveMs: number | null };
  documents: { reports: number; letters: number; checked: Array<{ faspId: string; kind: 'report' | 'letter'; bytes: number }> };
  published: string[];
  summary: PipelineSummary;
  outcomes: Record<string, number>;
  emails: { description: string; sent: number | null };
  accounts: { secretariat: string; holder: string; reviewer: string; password: string };
}

export interface PipelineSummary {
  total: number;
  byStage: Array<{ stage: string; count: number; overdue: number }>;
  byRegion: Array<{ key: string; count: number }>;
  byCollege: Array<{ key: string; count: number }>;
  byLanguage: Array<{ key: string; count: number }>;
  funnel: Array<{ step: string; count: number; conversion: number | null }>;
  [key: string]: unknown;
}

interface Criterion {
  code: string;
  step: number;
  naAllowed: boolean;
  names: Record<Language, string>;
}

interface ProjectDto {
  id: string;
  faspId: string | null;
  title: string;
  stage: string;
  version: number;
  round: number;
  outcome?: string | null;
}

interface Reviewer {
  id: string;
  email: string;
  pool: PoolReviewer;
  session: Session;
}

interface Holder {
  id: string;
  name: string;
  email: string;
  session: Session;
}

/** One dossier as the demo follows it. */
interface ProjectState {
  plan: PlannedProject;
  organizationId: string;
  organizationName: string;
  holder: Holder;
  id: string;
  faspId: string;
  title: string;
  label: string;
  seats: Array<DemoSeat & { reviewer: Reviewer }>;
  declinedBy: string[];
  /** the version last read, or null when someone else may have changed the project since */
  version: number | null;
}

const PHASES = [
  { key: 'setup', label: 'call and framework' },
  { key: 'organizations', label: 'organisations' },
  { key: 'people', label: 'people' },
  { key: 'dossiers', label: 'dossiers' },
  { key: 'eligibility', label: 'eligibility' },
  { key: 'assignment', label: 'assignment' },
  { key: 'reviews', label: 'reviews' },
  { key: 'consolidation', label: 'consolidation' },
  { key: 'revision', label: 'revision round' },
  { key: 'documents', label: 'reports, letters' },
  { key: 'publication', label: 'publication' },
  { key: 'summary', label: 'pipeline' },
] as const;

export async function runDemo(size: DemoSize, target: DemoTarget, options: DemoOptions = {}): Promise<DemoReport> {
  return new DemoRun(size, target, options).run();
}

class DemoRun {
  private readonly api: ApiClient;
  private readonly progress: Progress;
  private readonly concurrency: number;
  private readonly tag: string;
  private readonly password: string;
  private readonly plan: DemoPlan;
  private readonly names: () => number;
  private readonly startedAt = Date.now();
  private secretariat!: Session;
  private secretariatEmail!: string;
  private criteria: Criterion[] = [];
  private call!: { id: string; title: string; year: number };
  private organizations: Array<{ id: string; name: string; planned: PlannedOrganization }> = [];
  private reviewers: Reviewer[] = [];
  private projects: ProjectState[] = [];
  private assignmentRun: DemoReport['assignmentRun'] = { id: '', status: '', totals: null, solveMs: null };

  constructor(
    private readonly size: DemoSize,
    private readonly target: DemoTarget,
    options: DemoOptions,
  ) {
    this.api = new ApiClient(target.baseUrl);
    this.progress = options.progress ?? silentProgress;
    this.concurrency = options.concurrency ?? 8;
    this.tag = options.runTag ?? randomBytes(3).toString('hex');
    this.password = options.password ?? DEMO_PASSWORD;
    this.plan = planDemo(size);
    this.names = random(`names:${this.tag}`);
  }

  private pool<T, R>(items: readonly T[], task: (item: T, index: number) => Promise<R>): Promise<R[]> {
    return mapPool(items, this.concurrency, task);
  }

  private admitted(): ProjectState[] {
    return this.projects.filter((project) => project.plan.scenario !== 'refused');
  }

  async run(): Promise<DemoReport> {
    const plan = this.plan;
    const admitted = plan.size.projects - plan.counts.refused;
    const revisions = plan.counts.revision + plan.counts.revision_not_positive;
    const completed = plan.projects.filter((project) => project.finalStage !== 'not_admitted').length;
    this.progress.plan(
      PHASES.map(({ key, label }) => ({
        key,
        label,
        total: {
          setup: 4,
          organizations: plan.size.organizations,
          people: plan.size.reviewers + plan.size.projects,
          dossiers: plan.size.projects,
          eligibility: plan.size.projects,
          assignment: admitted * plan.reviewersPerProject + plan.counts.decline,
          reviews: admitted * plan.reviewersPerProject + plan.counts.divergence,
          consolidation: admitted,
          revision: revisions,
          documents: completed,
          publication: plan.projects.filter((project) => project.finalStage === 'published').length,
          summary: 1,
        }[key],
      })),
    );
    await this.setup();
    await this.createOrganizations();
    await this.createPeople();
    await this.writeDossiers();
    await this.checkEligibility();
    await this.assign();
    await this.reviewFirstRound();
    this.progress.begin('consolidation');
    await this.consolidate(this.admitted(), 1, 'consolidation');
    this.progress.end('consolidation');
    await this.reviseAndReviewAgain();
    const documents = await this.awaitDocuments();
    const published = await this.publish();
    return this.summarize(documents, published);
  }

  /* ---------------------------------------------------------------------------------------- */

  private async setup(): Promise<void> {
    this.progress.begin('setup');
    const step = (name: string): StepContext => ({ step: name });
    await this.api.get('/health/ready', step('engine readiness'));
    const admin = await this.api.signIn(this.target.admin.email, this.target.admin.password, 'the administrator', step('sign in as the administrator')).catch((error: unknown) => {
      if (error instanceof DemoError && error.status === 401) {
        throw new DemoError(
          error.context,
          `${this.target.admin.email} cannot sign in to ${this.target.baseUrl}: set FASP_ADMIN_EMAIL and FASP_ADMIN_PASSWORD to an account with the secretariat role there (the first administrator has it)`,
          error.status,
          error.body,
        );
      }
      throw error;
    });
    const me = await this.api.get<{ roles: string[] }>('/api/me', { ...step('read the administrator'), as: admin });
    if (me.roles.includes('secretariat')) {
      this.secretariat = { label: 'the secretariat', token: admin.token };
      this.secretariatEmail = this.target.admin.email;
    } else {
      this.secretariatEmail = `secretariat+${this.tag}@demo.fasp.example`;
      await this.api.post('/api/users', { email: this.secretariatEmail, name: 'Executive Secretariat', roles: ['secretariat'], language: 'en', password: this.password }, { ...step('create a secretariat account'), as: admin });
      this.secretariat = await this.api.signIn(this.secretariatEmail, this.password, 'the secretariat', step('sign in as the secretariat'));
    }
    this.progress.tick('setup');

    const frameworks = await this.api.get<{ items: Array<{ id: string; version: number }> }>('/api/frameworks?key=fasp&status=published&limit=100', {
      ...step('find the published FASP framework'),
      as: this.secretariat,
    });
    const latest = [...frameworks.items].sort((a, b) => b.version - a.version)[0];
    if (!latest) throw new DemoError(step('find the published FASP framework'), 'no published version of the fasp framework (the engine seeds fasp v1 at start)');
    const framework = await this.api.get<{ id: string; definition: { steps: Array<{ number: number; criteria: Array<Omit<Criterion, 'step'>> }> } }>(`/api/frameworks/${latest.id}`, {
      ...step('read the framework'),
      as: this.secretariat,
    });
    this.criteria = framework.definition.steps.flatMap((frameworkStep) => frameworkStep.criteria.map((criterion) => ({ ...criterion, step: frameworkStep.number })));
    this.progress.tick('setup');

    const now = Date.now();
    const year = new Date(now).getUTCFullYear();
    const created = await this.api.post<{ id: string; title: string; version: number }>(
      '/api/calls',
      {
        title: `FASP ${year} call for projects (demo ${this.tag})`,
        year,
        description: 'Formative assessment of soil projects: dossiers from the members and partners of the 4 per 1000 Initiative, assessed by the Scientific and Technical Committee.',
        frameworkId: latest.id,
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 60 * 86400_000).toISOString(),
        reviewersPerProject: this.plan.reviewersPerProject,
        maxRounds: 2,
        divergenceAutoInvite: true,
        deadlines: { eligibilityDays: 14, invitationDays: 5, reviewDays: 21, revisionDays: 30 },
      },
      { ...step('create the call'), as: this.secretariat },
    );
    this.progress.tick('setup');
    await this.api.post(`/api/calls/${created.id}/open`, { expectedVersion: created.version }, { ...step('open the call'), as: this.secretariat });
    this.call = { id: created.id, title: created.title, year };
    this.progress.end('setup', this.call.title);
  }

  /* ---------------------------------------------------------------------------------------- */

  private async createOrganizations(): Promise<void> {
    this.progress.begin('organizations');
    this.organizations = await this.pool(this.plan.organizations, async (planned) => {
      const context: StepContext = { step: 'create an organisation' };
      const language = planned.site.language ?? planned.country.language;
      const first = Math.floor(this.names() * ORGANIZATION_NAME_VARIANTS);
      for (let attempt = 0; attempt <= ORGANIZATION_NAME_VARIANTS; attempt++) {
        const base = organizationName(planned.college, language, planned.site.place, first + attempt);
        const name = attempt < ORGANIZATION_NAME_VARIANTS ? base : `${base} (${this.tag})`;
        const res = await this.api.request<{ id: string; name: string }>('POST', '/api/organizations', {
          ...context,
          as: this.secretariat,
          body: { name, country: planned.country.code, region: planned.region, college: planned.college, membership: planned.membership, verified: true },
          accept: [200, 201, 409],
        });
        if (res.status !== 409) {
          this.progress.tick('organizations');
          return { id: res.body.id, name: res.body.name, planned };
        }
      }
      throw new DemoError(context, `every name tried for an organisation in ${planned.country.code} is taken`);
    });
    this.progress.end('organizations');
  }

  /* ---------------------------------------------------------------------------------------- */

  private async createPeople(): Promise<void> {
    this.progress.begin('people');
    const pool = REVIEWER_POOL.slice(0, this.size.reviewers);
    // A reviewer declares a conflict with an organisation that submits (a former employer).
    const conflicted = this.organizations[Math.min(1, this.size.projects - 1)];
    this.reviewers = await this.pool(pool, async (person, index) => {
      const context: StepContext = { step: `reviewer ${person.name}` };
      const email = `${person.mailbox}@${REVIEWER_DOMAIN}`;
      const created = await this.api.request<{ id: string }>('POST', '/api/users', {
        ...context,
        as: this.secretariat,
        body: { email, name: person.name, roles: ['reviewer'], language: person.language, password: this.password },
        accept: [200, 201, 409],
      });
      let id = created.body.id;
      if (created.status === 409) {
        // The committee stays from one call to the next: the account exists since an earlier run.
        const found = await this.api.get<{ items: Array<{ id: string; email: string; roles: string[]; active: boolean }> }>(`/api/users?q=${encodeURIComponent(email)}&limit=10`, {
          ...context,
          as: this.secretariat,
        });
        const account = found.items.find((item) => item.email === email);
        if (!account?.active || !account.roles.includes('reviewer')) throw new DemoError(context, `${email} exists but is not an active reviewer`);
        id = account.id;
      }
      await this.api.put(
        `/api/reviewers/${id}/profile`,
        {
          stcMember: person.stcMember,
          languages: person.languages,
          practices: person.practices,
          landUses: person.landUses,
          disciplines: person.disciplines,
          criteriaFocus: person.criteriaFocus,
          regions: person.regions,
          countries: person.countries,
          capacityPerCall: this.plan.reviewerCapacity,
          available: true,
          conflictOrganizationIds: index === 2 && conflicted ? [conflicted.id] : [],
        },
        { ...context, step: `profile of ${person.name}`, as: this.secretariat },
      );
      const session = await this.api.signIn(email, this.password, person.name, { ...context, step: `sign in as ${person.name}` }).catch((error: unknown) => {
        if (error instanceof DemoError && error.status === 401) {
          throw new DemoError(context, `${email} exists with another password than the demo's: the demo cannot act for this reviewer`, error.status, error.body);
        }
        throw error;
      });
      this.progress.tick('people');
      return { id, email, pool: person, session };
    });
    await this.assertOwnReviewerPool();

    this.projects = await this.pool(this.plan.projects, async (planned) => {
      const organization = this.organizations[planned.index];
      const country = planned.organization.country;
      const name = country.people[Math.floor(this.names() * country.people.length)];
      const [first, ...rest] = name.split(' ');
      const email = `${slug(first)}.${slug(rest.join(' ')).replace(/-/g, '')}+${this.tag}-${planned.index}@${slug(planned.organization.site.place)}-${planned.organization.college.toLowerCase()}.example.org`;
      const context: StepContext = { step: 'create a holder account', project: `#${planned.index + 1}` };
      const user = await this.api.post<{ id: string }>(
        '/api/users',
        { email, name, roles: ['holder'], language: planned.language, organizationId: organization.id, password: this.password },
        { ...context, as: this.secretariat },
      );
      const session = await this.api.signIn(email, this.password, name, { ...context, step: 'sign in as a holder' });
      this.progress.tick('people');
      return {
        plan: planned,
        organizationId: organization.id,
        organizationName: organization.name,
        holder: { id: user.id, name, email, session },
        id: '',
        faspId: '',
        title: '',
        label: `#${planned.index + 1}`,
        seats: [],
        declinedBy: [],
        version: null,
      };
    });
    this.progress.end('people', `${this.reviewers.length} reviewers, ${this.projects.length} holders`);
  }

  /**
   * The assignment draws on every available reviewer of the engine; the demo can only answer for
   * its own, so it stops early if others could be invited.
   */
  private async assertOwnReviewerPool(): Promise<void> {
    const context: StepContext = { step: 'check the reviewer pool' };
    const own = new Set(this.reviewers.map((reviewer) => reviewer.id));
    const others: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string; name: string; email: string }>; nextCursor: string | null } = await this.api.get(
        `/api/users?role=reviewer&active=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { ...context, as: this.secretariat },
      );
      for (const user of page.items) {
        if (own.has(user.id)) continue;
        const profile = await this.api.request<{ available: boolean; capacityPerCall: number }>('GET', `/api/reviewers/${user.id}/profile`, { ...context, as: this.secretariat, accept: [200, 404] });
        if (profile.status === 200 && profile.body.available && profile.body.capacityPerCall > 0) {
          if (user.email.endsWith(`@${REVIEWER_DOMAIN}`)) {
            // one of the demo's own committee, left out of a smaller run: not invited this time
            await this.api.put(`/api/reviewers/${user.id}/profile`, { available: false }, { ...context, as: this.secretariat });
          } else {
            others.push(`${user.name} <${user.email}>`);
          }
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    if (others.length > 0) {
      throw new DemoError(
        context,
        `${others.length} available reviewer(s) outside the demo's committee could be invited (${others.slice(0, 5).join(', ')}${others.length > 5 ? ', ...' : ''}), ` +
          'and the demo cannot answer for them: run the demo against an engine of its own (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/fasp_demo)',
      );
    }
  }

  /* ---------------------------------------------------------------------------------------- */

  private async writeDossiers(): Promise<void> {
    this.progress.begin('dossiers');
    await this.pool(this.projects, async (project) => {
      const planned = project.plan;
      const holder = project.holder.session;
      const context = (step: string): StepContext => ({ step, project: project.label });
      const dossier = this.dossierOf(project);
      const created = await this.api.post<ProjectDto>('/api/projects', { callId: this.call.id, ...dossier.fields }, { ...context('create the dossier'), as: holder });
      project.id = created.id;
      project.title = created.title;
      for (const criterion of this.criteria) {
        const text = fill((STATEMENTS[criterion.code] ?? STATEMENTS['1.1'])[planned.language], dossier.values);
        await this.api.put<ProjectDto>(`/api/projects/${project.id}/criteria/${criterion.code}`, { text }, { ...context(`write the statement on ${criterion.code}`), as: holder });
      }
      await this.upload(project, 'concept_note', `${TEXTS.conceptNote[planned.language]}: ${project.title}`, dossier.noteLines);
      const submitted = await this.move(project, holder, 'submit', {});
      project.faspId = submitted.faspId ?? '';
      project.label = `#${planned.index + 1} ${project.faspId} "${project.title}"`;
      this.progress.tick('dossiers');
    });
    this.progress.end('dossiers');
  }

  private dossierOf(project: ProjectState): { fields: Record<string, unknown>; values: Record<string, string | number>; noteLines: string[] } {
    const planned = project.plan;
    const { theme, organization, language } = planned;
    const rng = random(`dossier:${planned.index}`);
    const between = ([low, high]: readonly [number, number]) => low + (high - low) * rng();
    const place = organization.site.place;
    const area = Math.round(between(theme.area) / 10) * 10;
    const large = ['conservation_agriculture', 'grazing', 'vineyards', 'crop_livestock', 'peatland'].includes(theme.code);
    const households = large ? Math.max(12, Math.round(area / (60 + 200 * rng()))) : Math.max(40, Math.round(area * (0.6 + rng())));
    const stock = Math.round(between(theme.stock) * 10) / 10;
    const rate = Math.round(between(theme.rate) * 100) / 100;
    const horizon = theme.code === 'peatland' ? 30 : 20;
    const plots = Math.min(240, 40 + Math.round(area / 120));
    const years = 5;
    const locale = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' }[language];
    const number = (value: number) => value.toLocaleString(locale);
    const values = { place, area: number(area), households: number(households), stock: number(stock), rate: number(rate), horizon, plots, years, practices: practiceLabels(theme.practices, language) };
    const year = this.call.year;
    const startYear = planned.modality === 1 ? year + 1 : year - 2;
    const startMonth = 1 + Math.floor(rng() * 6);
    const currency = this.currencyOf(planned);
    const perHa = large ? 80 + rng() * 120 : 250 + rng() * 450;
    const budget = Math.round((Math.min(4_500_000, Math.max(120_000, area * perHa)) * currency.rate) / 1000) * 1000;
    const partner = this.partnerOf(planned);
    const colleague = organization.country.people.find((person) => person !== project.holder.name) ?? organization.country.people[0];
    const refused = planned.scenario === 'refused';
    const title = fill((refused ? TEXTS.refusedTitle : theme.title)[language], values);
    const summary = fill((refused ? TEXTS.refusedSummary : theme.summary)[language], values);
    const jitter = () => Math.round((rng() - 0.5) * 0.16 * 10000) / 10000;
    const fields: Record<string, unknown> = {
      title,
      language,
      summary,
      modality: planned.modality,
      projectType: organization.college === 'SCI' ? 'research_with_implementation' : organization.college === 'GOV' && theme.projectType === 'practice' ? 'policy' : theme.projectType,
      objectives: theme.objectives,
      countries: [organization.country.code],
      location: { type: 'Point', coordinates: [Math.round((organization.site.lon + jitter()) * 10000) / 10000, Math.round((organization.site.lat + jitter()) * 10000) / 10000] },
      areaHa: area,
      landUses: theme.landUses,
      practices: theme.practices,
      startDate: `${startYear}-${String(startMonth).padStart(2, '0')}-01`,
      endDate: `${startYear + 4 + Math.floor(rng() * 2)}-12-31`,
      budget: { amount: budget, currency: currency.code },
      ...(planned.modality === 1 && { fundingSought: { amount: Math.round((budget * (0.55 + rng() * 0.25)) / 1000) * 1000, currency: currency.code } }),
      partners: partner ? [{ name: partner.name, country: partner.planned.country.code, organizationId: partner.id, role: TEXTS.partnerRole[language] }] : [],
      beneficiaries: { description: fill(TEXTS.beneficiaries[language], values), households, people: households * (large ? 3 : 5) },
      socBaseline: { stockTonnesPerHa: stock, depthCm: 30, method: TEXTS.socMethod[language], year: year - 1 },
      expectedChange: { tonnesPerHaPerYear: rate, horizonYears: horizon },
      monitoringPlan: fill(TEXTS.monitoringPlan[language], values),
      team: [
        { name: project.holder.name, email: project.holder.email, role: TEXTS.coordinator[language] },
        { name: colleague, role: TEXTS.soilScientist[language] },
      ],
      consentToPublish: false,
    };
    const noteLines = [
      project.organizationName,
      '',
      summary,
      '',
      `${organization.country.code} - ${place} - ${area} ha`,
      `SOC 0-30 cm: ${stock} t C/ha; +${rate} t C/ha/yr over ${horizon} years`,
      `Budget: ${budget.toLocaleString('en-US')} ${currency.code}`,
      '',
      fill(TEXTS.monitoringPlan[language], values),
    ];
    return { fields, values, noteLines };
  }

  private currencyOf(planned: PlannedProject): { code: string; rate: number } {
    const local: Record<string, number> = { GBP: 0.85, CHF: 0.95, PLN: 4.3, DKK: 7.45, SEK: 11.2, RON: 5, HUF: 390, CZK: 25, INR: 90, BRL: 5.5, MXN: 18.5, CAD: 1.45, AUD: 1.6, JPY: 160 };
    const code = planned.organization.country.currency;
    if (code === 'EUR') return { code, rate: 1 };
    if (local[code] && (planned.organization.region === 'europe' || planned.index % 2 === 0)) return { code, rate: local[code] };
    if (code === 'XOF' || code === 'XAF' || planned.organization.region === 'africa' && planned.language === 'fr') return { code: 'EUR', rate: 1 };
    return { code: 'USD', rate: 1.08 };
  }

  /** Another organisation of the region, a research one if there is one, as the dossier's partner. */
  private partnerOf(planned: PlannedProject): { id: string; name: string; planned: PlannedOrganization } | undefined {
    const sameRegion = this.organizations.filter((organization) => organization.planned.region === planned.organization.region && organization.planned.index !== planned.index);
    return sameRegion.find((organization) => organization.planned.college === 'SCI') ?? sameRegion[0];
  }

  private async upload(project: ProjectState, kind: string, heading: string, lines: string[]): Promise<void> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(textPdf(heading, lines))], { type: 'application/pdf' }), `${kind.replace('_', '-')}.pdf`);
    await this.api.post(`/api/projects/${project.id}/attachments?kind=${kind}`, form, { step: `upload the ${kind.replace('_', ' ')}`, project: project.label, as: project.holder.session });
    project.version = null;
  }

  /**
   * Asks for a move at the version last seen (read first when unknown); when someone else moved
   * the project meanwhile (409 VERSION_CONFLICT), reads it again and retries.
   */
  private async move(project: ProjectState, as: Session, action: string, extra: { reason?: string; outcome?: string }): Promise<ProjectDto> {
    const context: StepContext = { step: extra.outcome ? `${action} (${extra.outcome})` : action, project: project.label };
    for (let attempt = 1; ; attempt++) {
      const version = project.version ?? (await this.api.get<ProjectDto>(`/api/projects/${project.id}`, { ...context, as })).version;
      const res = await this.api.request<ProjectDto>('POST', `/api/projects/${project.id}/transitions`, {
        ...context,
        as,
        body: { action, expectedVersion: version, ...extra },
        accept: attempt < 3 ? [200, 409] : [200],
      });
      if (res.status === 200) {
        project.version = res.body.version;
        return res.body;
      }
      if ((res.body as unknown as { code?: string }).code !== 'VERSION_CONFLICT') throw new DemoError(context, `${action} answered 409`, 409, res.body);
      project.version = null;
    }
  }

  /* ---------------------------------------------------------------------------------------- */

  private async checkEligibility(): Promise<void> {
    this.progress.begin('eligibility');
    await this.pool(this.projects, async (project) => {
      const language = project.plan.language;
      if (project.plan.scenario === 'refused') {
        await this.move(project, this.secretariat, 'refuse', { reason: TEXTS.refusal[language] });
      } else {
        if (project.plan.infoRequest) {
          await this.move(project, this.secretariat, 'request_info', { reason: TEXTS.infoRequest[language] });
          // The holder answers: the plots' boundaries and the tenure agreements, then resubmits.
          const current = await this.api.get<ProjectDto & { dossier: { location: { coordinates: number[] } } }>(`/api/projects/${project.id}`, {
            step: 'read the information request',
            project: project.label,
            as: project.holder.session,
          });
          const [lon, lat] = current.dossier.location.coordinates;
          const d = 0.02;
          const ring = [
            [lon - d, lat - d],
            [lon + d, lat - d],
            [lon + d, lat + d],
            [lon - d, lat + d],
            [lon - d, lat - d],
          ].map(([x, y]) => [Math.round(x * 10000) / 10000, Math.round(y * 10000) / 10000]);
          project.version = null;
          await this.api.patch(`/api/projects/${project.id}`, { location: { type: 'Polygon', coordinates: [ring] }, expectedVersion: current.version }, {
            step: 'answer the information request',
            project: project.label,
            as: project.holder.session,
          });
          await this.upload(project, 'letter', TEXTS.tenureLetter[language], [project.organizationName, '', TEXTS.tenureLetter[language]]);
          await this.move(project, project.holder.session, 'resubmit', {});
        }
        await this.move(project, this.secretariat, 'admit', {});
      }
      this.progress.tick('eligibility');
    });
    this.progress.end('eligibility', `${this.plan.counts.refused} refused, ${this.plan.counts.infoRequest} asked for information`);
  }

  /* ---------------------------------------------------------------------------------------- */

  private async assign(): Promise<void> {
    this.progress.begin('assignment');
    const context: StepContext = { step: 'assignment run' };
    // Admissions already asked for reviewers; the secretariat runs the whole call and waits for it.
    const queued = await this.api.post<{ id: string }>(`/api/calls/${this.call.id}/assignment-runs`, {}, { ...context, as: this.secretariat });
    const run = await waitFor(
      context,
      'the assignment run to finish',
      () => this.api.get<{ id: string; status: string; error: string | null; result: { totals?: Record<string, unknown>; solveMs?: number; shortfalls?: unknown[] } | null }>(`/api/assignment-runs/${queued.id}`, { ...context, as: this.secretariat }),
      (value) => value.status === 'completed' || value.status === 'failed',
      { timeoutMs: 60000 },
    );
    if (run.status === 'failed') throw new DemoError(context, `the assignment run failed: ${run.error}`, undefined, run);
    this.assignmentRun = { id: run.id, status: run.status, totals: run.result?.totals ?? null, solveMs: run.result?.solveMs ?? null };
    await this.answerInvitations('assignment', this.admitted(), this.plan.reviewersPerProject, 'run', true);
    const waiting = await this.api.get<{ items: ProjectDto[] }>(`/api/projects?callId=${this.call.id}&stage=assignment&limit=100`, { ...context, as: this.secretariat });
    if (waiting.items.length > 0) throw new DemoError(context, `projects still in assignment: ${waiting.items.map((item) => item.faspId).join(', ')}`);
    this.progress.end('assignment', `${this.admitted().reduce((acc, project) => acc + project.seats.length, 0)} reviewers seated`);
  }

  /**
   * Every reviewer reads their invitations and answers them (the planned decline is a decline),
   * until each project has `seats` accepted reviewers.
   */
  private async answerInvitations(phase: string, projects: ProjectState[], seats: number, joined: DemoSeat['joined'], counted: boolean): Promise<void> {
    const byId = new Map(this.projects.map((project) => [project.id, project]));
    const context: StepContext = { step: `answer invitations (${phase})` };
    const done = () => projects.every((project) => project.seats.length >= seats);
    const deadline = Date.now() + 90000;
    while (!done()) {
      const invitations = (
        await this.pool(this.reviewers, async (reviewer) => {
          const page = await this.api.get<{ items: Array<{ id: string; callId: string; projectId: string; role: 'lead' | 'member' }> }>('/api/me/assignments?status=invited&limit=100', {
            ...context,
            as: reviewer.session,
          });
          return page.items.filter((item) => item.callId === this.call.id).map((item) => ({ item, reviewer }));
        })
      ).flat();
      await this.pool(invitations, async ({ item, reviewer }) => {
        const project = byId.get(item.projectId);
        if (!project) throw new DemoError(context, `an invitation for a project the demo did not create (${item.projectId})`);
        const step: StepContext = { step: `${reviewer.pool.name} answers an invitation`, project: project.label };
        if (project.plan.decline && project.declinedBy.length === 0 && item.role === 'member' && joined === 'run') {
          await this.api.post(`/api/assignments/${item.id}/decline`, { reason: TEXTS.decline[reviewer.pool.language] }, { ...step, as: reviewer.session });
          project.declinedBy.push(reviewer.email);
        } else {
          await this.api.post(`/api/assignments/${item.id}/accept`, {}, { ...step, as: reviewer.session });
          project.version = null;
          const how = joined === 'run' && project.declinedBy.length > 0 && item.role === 'member' ? 'top_up' : joined;
          project.seats.push({ assignmentId: item.id, reviewerId: reviewer.id, reviewerEmail: reviewer.email, role: item.role, joined: how, reviewer });
        }
        if (counted) this.progress.tick(phase);
      });
      if (done()) break;
      if (Date.now() > deadline) {
        const missing = projects.filter((project) => project.seats.length < seats).map((project) => `${project.label} (${project.plan.language}, ${project.seats.length}/${seats})`);
        throw new DemoError(context, `reviewers not found within 90 s for: ${missing.join('; ')}`, undefined, this.assignmentRun);
      }
      if (invitations.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const project of projects) project.seats.sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));
  }

  /* ---------------------------------------------------------------------------------------- */

  private async reviewFirstRound(): Promise<void> {
    this.progress.begin('reviews');
    const admitted = this.admitted();
    await this.submitReviews(admitted, 1, 'reviews');
    // Diverging reviews bring one more reviewer, who is invited, accepts and reviews.
    const diverging = admitted.filter((project) => project.plan.scenario === 'divergence');
    if (diverging.length > 0) {
      await this.answerInvitations('reviews', diverging, this.plan.reviewersPerProject + 1, 'extra', false);
      await this.pool(diverging, async (project) => {
        const extra = project.seats.find((seat) => seat.joined === 'extra')!;
        await this.submitReview(project, extra, 1, project.seats.indexOf(extra));
        this.progress.tick('reviews');
      });
    }
    await this.expectStage(admitted, 'consolidation', 'reviews');
    this.progress.end('reviews', diverging.length > 0 ? `${diverging.length} divergent, one more reviewer each` : undefined);
  }

  private async submitReviews(projects: ProjectState[], round: number, phase: string): Promise<void> {
    const work = projects.flatMap((project) => project.seats.filter((seat) => round > 1 || seat.joined !== 'extra').map((seat) => ({ project, seat })));
    await this.pool(work, async ({ project, seat }) => {
      await this.submitReview(project, seat, round, project.seats.indexOf(seat));
      if (phase === 'reviews') this.progress.tick(phase);
    });
  }

  private async submitReview(project: ProjectState, seat: ProjectState['seats'][number], round: number, seatIndex: number): Promise<void> {
    const language = project.plan.language;
    const planned = planRatings({ criteria: this.criteria, project: project.plan, round, seat: seatIndex, rng: random(`review:${project.plan.index}:${round}:${seatIndex}`) });
    const ratings: Record<string, unknown> = {};
    for (const criterion of this.criteria) {
      const score = planned.scores[criterion.code];
      const band = score === 'n/a' ? 'na' : score <= 1 ? 'low' : score === 2 ? 'mid' : 'high';
      const name = criterion.names[language] ?? criterion.code;
      let comment = fill(REVIEW_TEXTS.comment[band][language], { criterion: name });
      if (planned.harms[criterion.code] === 'risk') comment = REVIEW_TEXTS.risk[language];
      if (criterion.code === '3.1' && score !== 'n/a' && score <= 1) comment = REVIEW_TEXTS.biodiversityConcern[language];
      ratings[criterion.code] = {
        score,
        ...(criterion.step === 1 && { harm: planned.harms[criterion.code] }),
        comment,
        recommendation: fill(REVIEW_TEXTS.recommendation[band][language], { criterion: name }),
      };
    }
    const context: StepContext = { step: `${seat.reviewer.pool.name} reviews (round ${round})`, project: project.label };
    await this.api.put(
      `/api/assignments/${seat.assignmentId}/review`,
      { ratings, overallRecommendation: planned.recommendation, overallComment: REVIEW_TEXTS.overall[planned.recommendation][language], confidentialNotes: REVIEW_TEXTS.confidential[language] },
      { ...context, as: seat.reviewer.session },
    );
    await this.api.post(`/api/assignments/${seat.assignmentId}/review/submit`, {}, { ...context, step: `${context.step}: submit`, as: seat.reviewer.session });
    project.version = null;
  }

  private async expectStage(projects: ProjectState[], stage: string, step: string): Promise<void> {
    await this.pool(projects, async (project) => {
      const context: StepContext = { step, project: project.label };
      await waitFor(context, `stage ${stage}`, () => this.api.get<ProjectDto>(`/api/projects/${project.id}`, { ...context, as: this.secretariat }), (value) => value.stage === stage, {
        timeoutMs: 30000,
      });
    });
  }

  /* ---------------------------------------------------------------------------------------- */

  private async consolidate(projects: ProjectState[], round: number, phase: string): Promise<void> {
    await this.pool(projects, async (project) => {
      const outcome = project.plan.outcomes[round - 1];
      const language = project.plan.language;
      const lead = project.seats.find((seat) => seat.role === 'lead');
      const context: StepContext = { step: `consolidation (round ${round})`, project: project.label };
      if (!lead) throw new DemoError(context, 'no lead reviewer seated');
      const view = await this.api.get<{ evaluation: { allowedOutcomes: string[]; reasons?: unknown } }>(`/api/projects/${project.id}/consolidation`, { ...context, as: lead.reviewer.session });
      if (!view.evaluation.allowedOutcomes.includes(outcome)) {
        throw new DemoError(context, `the rules do not allow the planned outcome ${outcome} (allowed: ${view.evaluation.allowedOutcomes.join(', ')})`, undefined, view.evaluation);
      }
      const baseline = { weaknesses: FEEDBACK_TEXTS.weaknessesBaseline[language], recommendations: FEEDBACK_TEXTS.recommendationsBaseline[language] };
      const feedback: Record<string, Record<string, string>> =
        outcome === 'positive'
          ? { '2.2': { strengths: FEEDBACK_TEXTS.strengths[language], weaknesses: FEEDBACK_TEXTS.weaknessesNone[language], recommendations: FEEDBACK_TEXTS.recommendationsScale[language] } }
          : { '2.2': baseline, '4.2': baseline };
      if (project.plan.scenario === 'safeguard_risk') feedback['1.2'] = { weaknesses: REVIEW_TEXTS.risk[language], recommendations: FEEDBACK_TEXTS.recommendationsTenure[language] };
      await this.api.put(
        `/api/projects/${project.id}/consolidation`,
        {
          feedback,
          general: {
            summary: FEEDBACK_TEXTS.summary[outcome][language],
            strengths: FEEDBACK_TEXTS.strengths[language],
            ...(outcome !== 'positive' && { weaknesses: FEEDBACK_TEXTS.weaknessesBaseline[language] }),
            recommendations: (outcome === 'positive' ? FEEDBACK_TEXTS.recommendationsScale : FEEDBACK_TEXTS.recommendationsBaseline)[language],
          },
        },
        { ...context, as: lead.reviewer.session },
      );
      await this.move(project, lead.reviewer.session, 'propose_outcome', { outcome });
      await this.move(project, this.secretariat, 'release_feedback', { outcome });
      if (phase === 'consolidation') this.progress.tick(phase);
    });
  }

  /* ---------------------------------------------------------------------------------------- */

  private async reviseAndReviewAgain(): Promise<void> {
    this.progress.begin('revision');
    const revising = this.projects.filter((project) => project.plan.outcomes[0] === 'revise');
    await this.pool(revising, async (project) => {
      const language = project.plan.language;
      const holder = project.holder.session;
      const context: StepContext = { step: 'revise the dossier', project: project.label };
      const current = await this.api.get<ProjectDto & { dossier: { summary: string; socBaseline: Record<string, unknown>; areaHa: number } }>(`/api/projects/${project.id}`, { ...context, as: holder });
      const plots = Math.min(240, 60 + Math.round(current.dossier.areaHa / 80));
      const change = (current.dossier as unknown as { expectedChange: { tonnesPerHaPerYear: number; horizonYears: number } }).expectedChange;
      const values = { plots, years: 5, rate: change.tonnesPerHaPerYear.toLocaleString({ en: 'en-GB', fr: 'fr-FR', es: 'es-ES' }[language]), horizon: change.horizonYears };
      await this.api.patch(
        `/api/projects/${project.id}`,
        {
          expectedVersion: current.version,
          summary: `${current.dossier.summary}${fill(TEXTS.revisedSummary[language], values)}`,
          monitoringPlan: fill(TEXTS.monitoringPlanRevised[language], values),
          socBaseline: { ...current.dossier.socBaseline, method: fill(TEXTS.socMethodRevised[language], values), year: this.call.year },
        },
        { ...context, as: holder },
      );
      for (const code of Object.keys(REVISED_STATEMENTS)) {
        const updated = await this.api.put<ProjectDto>(`/api/projects/${project.id}/criteria/${code}`, { text: fill(REVISED_STATEMENTS[code][language], values) }, {
          ...context,
          step: `revise the statement on ${code}`,
          as: holder,
        });
        project.version = updated.version;
      }
      await this.move(project, holder, 'resubmit', {});
      await this.submitReviews([project], 2, 'revision');
      await this.consolidate([project], 2, 'revision');
      this.progress.tick('revision');
    });
    this.progress.end('revision', `${revising.length} dossiers revised and reviewed again`);
  }

  /* ---------------------------------------------------------------------------------------- */

  private async awaitDocuments(): Promise<DemoReport['documents']> {
    this.progress.begin('documents');
    const completed = this.projects.filter((project) => project.plan.finalStage !== 'not_admitted');
    let reports = 0;
    let letters = 0;
    await this.pool(completed, async (project) => {
      const positive = project.plan.outcomes.at(-1) === 'positive';
      const context: StepContext = { step: 'wait for the report', project: project.label };
      await waitFor(
        context,
        positive ? 'the evaluation report and the letter of support' : 'the evaluation report',
        () => this.api.get<{ documents: { report: string | null; letter: string | null } }>(`/api/projects/${project.id}/feedback`, { ...context, as: this.secretariat }),
        (value) => !!value.documents.report && (!positive || !!value.documents.letter),
        { timeoutMs: 90000, intervalMs: 150 },
      );
      reports += 1;
      if (positive) letters += 1;
      this.progress.tick('documents');
    });
    // The holder of a positive dossier downloads both documents: they must be PDFs.
    const checked: DemoReport['documents']['checked'] = [];
    const sample = completed.find((project) => project.plan.outcomes.at(-1) === 'positive') ?? completed[0];
    if (sample) {
      const kinds: Array<'report' | 'letter'> = sample.plan.outcomes.at(-1) === 'positive' ? ['report', 'letter'] : ['report'];
      for (const kind of kinds) {
        const context: StepContext = { step: `download the ${kind}`, project: sample.label };
        const pdf = await this.api.bytes(`/api/projects/${sample.id}/${kind}.pdf`, { ...context, as: sample.holder.session });
        if (!pdf.contentType.startsWith('application/pdf') || pdf.bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
          throw new DemoError(context, `the ${kind} is not a PDF (${pdf.contentType}, starts with ${JSON.stringify(pdf.bytes.subarray(0, 8).toString('latin1'))})`);
        }
        checked.push({ faspId: sample.faspId, kind, bytes: pdf.bytes.length });
      }
    }
    this.progress.end('documents', `${reports} reports, ${letters} letters of support`);
    return { reports, letters, checked };
  }

  private async publish(): Promise<string[]> {
    this.progress.begin('publication');
    const publishing = this.projects.filter((project) => project.plan.finalStage === 'published');
    await this.pool(publishing, async (project) => {
      const context: StepContext = { step: 'consent to publication', project: project.label };
      const consented = await this.api.put<ProjectDto>(`/api/projects/${project.id}/publication-consent`, { consentToPublish: true, publishBudget: project.plan.index % 2 === 0 }, {
        ...context,
        as: project.holder.session,
      });
      project.version = consented.version;
      await this.move(project, this.secretariat, 'publish', {});
      await this.api.get(`/api/public/opportunities/${project.faspId}`, { step: 'read the public opportunity', project: project.label });
      this.progress.tick('publication');
    });
    this.progress.end('publication');
    return publishing.map((project) => project.faspId);
  }

  /* ---------------------------------------------------------------------------------------- */

  private async summarize(documents: DemoReport['documents'], published: string[]): Promise<DemoReport> {
    this.progress.begin('summary');
    const context: StepContext = { step: 'pipeline summary' };
    const summary = await this.api.get<PipelineSummary>(`/api/pipeline/summary?callId=${this.call.id}`, { ...context, as: this.secretariat });
    const finals = await this.pool(this.projects, (project) => this.api.get<ProjectDto>(`/api/projects/${project.id}`, { step: 'read the final stage', project: project.label, as: this.secretariat }));
    const wrong = this.projects
      .map((project, index) => ({ project, final: finals[index] }))
      .filter(({ project, final }) => final.stage !== project.plan.finalStage)
      .map(({ project, final }) => `${project.label}: ${final.stage} instead of ${project.plan.finalStage}`);
    if (wrong.length > 0) throw new DemoError(context, `projects did not end where planned: ${wrong.join('; ')}`);
    const outcomes: Record<string, number> = {};
    for (const final of finals) {
      const key = final.outcome ?? 'none';
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    let sent: number | null = null;
    const counter = this.target.mail.sent;
    if (counter) {
      // the last emails are still on their way: wait until the count has been still for a second
      let last = -1;
      let stillSince = Date.now();
      const deadline = Date.now() + 20000;
      while (Date.now() < deadline) {
        const now = counter();
        if (now !== last) {
          last = now;
          stillSince = Date.now();
        } else if (Date.now() - stillSince >= 1000) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      sent = counter();
    }
    this.progress.tick('summary');
    this.progress.end('summary');
    const sampleReviewer = this.reviewers.find((reviewer) => reviewer.pool.stcMember) ?? this.reviewers[0];
    const sampleHolder = this.projects.find((project) => project.plan.finalStage === 'published') ?? this.projects[0];
    return {
      runTag: this.tag,
      baseUrl: this.target.baseUrl,
      call: this.call,
      size: this.size,
      elapsedMs: Date.now() - this.startedAt,
      requests: this.api.requests,
      routes: [...this.api.timings.entries()]
        .map(([route, timing]) => ({ route, count: timing.count, meanMs: Math.round(timing.totalMs / timing.count), maxMs: Math.round(timing.maxMs), totalMs: timing.totalMs }))
        .sort((a, b) => b.totalMs - a.totalMs)
        .map(({ totalMs: _totalMs, ...route }) => route),
      organizations: this.organizations.length,
      reviewers: this.reviewers.map((reviewer) => ({ id: reviewer.id, name: reviewer.pool.name, email: reviewer.email, stcMember: reviewer.pool.stcMember, languages: reviewer.pool.languages })),
      projects: this.projects.map((project, index) => ({
        index: project.plan.index,
        id: project.id,
        faspId: project.faspId,
        title: project.title,
        language: project.plan.language,
        scenario: project.plan.scenario,
        infoRequest: project.plan.infoRequest,
        decline: project.plan.decline,
        organization: {
          id: project.organizationId,
          name: project.organizationName,
          country: project.plan.organization.country.code,
          region: project.plan.organization.region,
          college: project.plan.organization.college,
        },
        holder: { id: project.holder.id, name: project.holder.name, email: project.holder.email },
        plannedStage: project.plan.finalStage,
        plannedOutcomes: [...project.plan.outcomes],
        stage: finals[index].stage,
        outcome: finals[index].outcome ?? null,
        round: finals[index].round,
        seats: project.seats.map(({ reviewer: _reviewer, ...seat }) => seat),
        declinedBy: project.declinedBy,
      })),
      assignmentRun: this.assignmentRun,
      documents,
      published,
      summary,
      outcomes,
      emails: { description: this.target.mail.description, sent },
      accounts: { secretariat: this.secretariatEmail, holder: sampleHolder?.holder.email ?? '', reviewer: sampleReviewer?.email ?? '', password: this.password },
    };
  }
}

/* ------------------------------------------------------------------------------------------ */

/** Text as PDF's standard fonts can show it (WinAnsi, close to Latin-1): other letters lose their accents. */
function pdfText(text: string): string {
  return [...text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-').replace(/[\u202f\u2009]/g, ' ')]
    .map((char) => (char.charCodeAt(0) <= 0xff ? char : char.normalize('NFD').replace(/[\u0300-\u036f]/g, '')))
    .map((char) => (char.length === 1 && char.charCodeAt(0) <= 0xff ? char : '?'))
    .join('')
    .replace(/[()\\]/g, (char) => `\\${char}`);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}

/** A one-page PDF with a heading and paragraphs (Helvetica), such as a holder's concept note. */
export function textPdf(heading: string, paragraphs: readonly string[]): Buffer {
  const body = paragraphs.flatMap((paragraph) => (paragraph ? wrap(paragraph, 95) : ['']));
  const operations = [`BT /F2 14 Tf 56 790 Td (${pdfText(heading.slice(0, 80))}) Tj ET`, 'BT /F1 10 Tf 56 760 Td 14 TL', ...body.slice(0, 50).map((line) => `(${pdfText(line)}) '`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(operations, 'latin1')} >>\nstream\n${operations}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
