import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { Page } from '../../platform/pagination/page.dto';
import { JobName } from '../../platform/queue/queue.constants';
import { FrameworksService } from '../criteria/frameworks.service';
import { CallPolicy, isAcceptingSubmissions } from './call.policy';
import { CallsRepository } from './calls.repository';
import { CreateCallDto, ListCallsQueryDto, UpdateCallDto } from './dto/call.dto';
import { Call, CallStatus, DEFAULT_DEADLINES } from './entities/call.entity';

/** What may still change once a call is open (the framework, languages and modalities may not). */
const EDITABLE_WHEN_OPEN: ReadonlyArray<keyof UpdateCallDto> = ['title', 'description', 'closesAt', 'deadlines', 'divergenceAutoInvite', 'reviewersPerProject', 'maxRounds'];

function refused(message: string, field?: string): DomainException {
  return new DomainException('RULE_REFUSED', message, field ? { fields: [{ field, rules: ['rule'], messages: [message] }] } : undefined);
}

/** Calls for projects: draft → open → closed → archived, by the secretariat (and closed by the clock). */
@Injectable()
export class CallsService {
  private readonly logger = new Logger(CallsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calls: CallsRepository,
    private readonly frameworks: FrameworksService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  isAcceptingSubmissions(call: Call): boolean {
    return isAcceptingSubmissions(call, this.clock.now());
  }

  /** For the projects module: the call, locked in shared mode, if it accepts submissions now; else 422. */
  async requireAcceptingSubmissions(callId: string, manager: EntityManager): Promise<Call> {
    const call = await this.calls.lockShared(callId, manager);
    if (!call) throw new NotFoundException('Call');
    if (!this.isAcceptingSubmissions(call)) {
      throw new DomainException('CALL_NOT_ACCEPTING', 'This call does not accept projects now', {
        status: call.status,
        opensAt: call.opensAt.toISOString(),
        closesAt: call.closesAt.toISOString(),
      });
    }
    return call;
  }

  async getFor(user: AuthUser, id: string): Promise<Call> {
    const call = await this.calls.findById(id);
    if (!call || !CallPolicy.canView(user, call)) throw new NotFoundException('Call');
    return call;
  }

  async get(id: string, manager?: EntityManager): Promise<Call> {
    const call = await this.calls.findById(id, manager);
    if (!call) throw new NotFoundException('Call');
    return call;
  }

  list(user: AuthUser, query: ListCallsQueryDto): Promise<Page<Call>> {
    return this.calls.page(query, (qb) => CallPolicy.scope(user, qb));
  }

  async create(dto: CreateCallDto): Promise<Call> {
    const opensAt = new Date(dto.opensAt);
    const closesAt = new Date(dto.closesAt);
    this.assertWindow(opensAt, closesAt);
    return this.dataSource.transaction(async (manager) => {
      await this.assertPublishedFramework(dto.frameworkId, manager);
      const call = await this.calls.create(
        {
          title: dto.title,
          year: dto.year,
          description: dto.description ?? '',
          frameworkId: dto.frameworkId,
          opensAt,
          closesAt,
          reviewersPerProject: dto.reviewersPerProject ?? 2,
          maxRounds: dto.maxRounds ?? 2,
          deadlines: dto.deadlines ?? DEFAULT_DEADLINES,
          divergenceAutoInvite: dto.divergenceAutoInvite ?? false,
          languages: dto.languages ?? ['en', 'fr', 'es'],
          modalities: dto.modalities ?? [1, 2],
          status: 'draft',
        },
        manager,
      );
      return (await this.calls.findById(call.id, manager))!;
    });
  }

  async update(id: string, dto: UpdateCallDto): Promise<Call> {
    await this.dataSource.transaction(async (manager) => {
      const call = await this.lockAt(id, dto.expectedVersion, manager);
      const changed = (Object.keys(dto) as Array<keyof UpdateCallDto>).filter((key) => key !== 'expectedVersion' && dto[key] !== undefined);
      if (call.status === 'closed' || call.status === 'archived') {
        throw new DomainException('ILLEGAL_TRANSITION', `A ${call.status} call cannot be edited`);
      }
      if (call.status === 'open') {
        const frozen = changed.filter((key) => !EDITABLE_WHEN_OPEN.includes(key));
        if (frozen.length > 0) throw new DomainException('ILLEGAL_TRANSITION', `Once a call is open these cannot change: ${frozen.join(', ')}`, { fields: frozen });
      }
      if (dto.frameworkId) await this.assertPublishedFramework(dto.frameworkId, manager);
      const previousClose = call.closesAt.getTime();
      Object.assign(call, {
        ...(dto.title !== undefined && { title: dto.title }),
        ...(dto.year !== undefined && { year: dto.year }),
        ...(dto.description !== undefined && { description: dto.description }),
        ...(dto.frameworkId !== undefined && { frameworkId: dto.frameworkId }),
        ...(dto.opensAt !== undefined && { opensAt: new Date(dto.opensAt) }),
        ...(dto.closesAt !== undefined && { closesAt: new Date(dto.closesAt) }),
        ...(dto.reviewersPerProject !== undefined && { reviewersPerProject: dto.reviewersPerProject }),
        ...(dto.maxRounds !== undefined && { maxRounds: dto.maxRounds }),
        ...(dto.deadlines !== undefined && { deadlines: { ...dto.deadlines } }),
        ...(dto.divergenceAutoInvite !== undefined && { divergenceAutoInvite: dto.divergenceAutoInvite }),
        ...(dto.languages !== undefined && { languages: dto.languages }),
        ...(dto.modalities !== undefined && { modalities: dto.modalities }),
      });
      delete call.framework;
      this.assertWindow(call.opensAt, call.closesAt);
      await this.calls.save(call, manager);
      if (call.status === 'open' && call.closesAt.getTime() !== previousClose) await this.scheduleClose(call, manager);
    });
    return this.get(id);
  }

  /** Opens a draft: its framework must be published and its window must not be over. */
  async open(id: string, expectedVersion?: number): Promise<Call> {
    await this.dataSource.transaction(async (manager) => {
      const call = await this.lockAt(id, expectedVersion, manager);
      this.assertStatus(call, 'draft', 'open');
      await this.assertPublishedFramework(call.frameworkId, manager);
      if (call.closesAt.getTime() <= this.clock.now().getTime()) {
        throw refused('The call window is over: move closesAt into the future before opening', 'closesAt');
      }
      call.status = 'open';
      call.openedAt = this.clock.now();
      await this.calls.save(call, manager);
      await this.scheduleClose(call, manager);
    });
    return this.get(id);
  }

  async close(id: string, expectedVersion?: number): Promise<Call> {
    await this.dataSource.transaction(async (manager) => {
      const call = await this.lockAt(id, expectedVersion, manager);
      this.assertStatus(call, 'open', 'close');
      call.status = 'closed';
      call.closedAt = this.clock.now();
      await this.calls.save(call, manager);
    });
    return this.get(id);
  }

  async archive(id: string, expectedVersion?: number): Promise<Call> {
    await this.dataSource.transaction(async (manager) => {
      const call = await this.lockAt(id, expectedVersion, manager);
      this.assertStatus(call, 'closed', 'archive');
      call.status = 'archived';
      await this.calls.save(call, manager);
    });
    return this.get(id);
  }

  /**
   * Run by the worker when a call's window ends; does nothing if the call was closed or its
   * window moved meanwhile (another job is due then). A job that fires before its time (clock
   * skew between machines) fails, so that the queue retries it shortly.
   */
  async closeIfDue(callId: string, scheduledFor: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const call = await this.calls.lock(callId, manager);
      if (!call || call.status !== 'open') return false;
      if (call.closesAt.getTime() > this.clock.now().getTime()) {
        if (call.closesAt.toISOString() === scheduledFor) throw new Error(`call ${callId} is not due to close before ${scheduledFor}`);
        return false;
      }
      call.status = 'closed';
      call.closedAt = this.clock.now();
      await this.calls.save(call, manager);
      this.logger.log({ msg: 'call closed at the end of its window', callId });
      return true;
    });
  }

  private scheduleClose(call: Call, manager: EntityManager): Promise<string | null> {
    return this.outbox.record(manager, {
      name: JobName.CallClose,
      payload: { callId: call.id, closesAt: call.closesAt.toISOString() },
      dueAt: call.closesAt,
      dedupeKey: `call-close:${call.id}:${call.closesAt.toISOString()}`,
    });
  }

  private async lockAt(id: string, expectedVersion: number | undefined, manager: EntityManager): Promise<Call> {
    const call = await this.calls.lock(id, manager);
    if (!call) throw new NotFoundException('Call');
    if (expectedVersion !== undefined && expectedVersion !== call.version) {
      throw new DomainException('VERSION_CONFLICT', 'The call changed since you read it', { expectedVersion, currentVersion: call.version });
    }
    return call;
  }

  private assertStatus(call: Call, expected: CallStatus, action: string): void {
    if (call.status !== expected) {
      throw new DomainException('ILLEGAL_TRANSITION', `Cannot ${action} a call that is ${call.status}`, { status: call.status, action });
    }
  }

  private assertWindow(opensAt: Date, closesAt: Date): void {
    if (closesAt.getTime() <= opensAt.getTime()) {
      throw new DomainException('VALIDATION_FAILED', 'Invalid input: closesAt', {
        fields: [{ field: 'closesAt', rules: ['afterOpensAt'], messages: ['closesAt must be after opensAt'] }],
      });
    }
  }

  private async assertPublishedFramework(frameworkId: string, manager: EntityManager): Promise<void> {
    const framework = await this.frameworks.get(frameworkId, manager).catch(() => null);
    if (!framework || framework.status !== 'published') {
      throw refused('frameworkId must be a published criteria framework version', 'frameworkId');
    }
  }
}
