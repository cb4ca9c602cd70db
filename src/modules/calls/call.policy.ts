import { SelectQueryBuilder } from 'typeorm';
import { AuthUser, isStaff } from '../../platform/auth/auth-user';
import { Call } from './entities/call.entity';

/** Drafts are the secretariat's work in progress: others see calls once opened. */
export const CallPolicy = {
  canView(user: AuthUser, call: Call): boolean {
    return isStaff(user) || call.status !== 'draft';
  },

  scope(user: AuthUser, query: SelectQueryBuilder<Call>): SelectQueryBuilder<Call> {
    return isStaff(user) ? query : query.andWhere(`${query.alias}.status <> 'draft'`);
  },
};

/** Projects may be created and submitted while the call is open and the clock inside its window. */
export function isAcceptingSubmissions(call: Pick<Call, 'status' | 'opensAt' | 'closesAt'>, now: Date): boolean {
  return call.status === 'open' && call.opensAt.getTime() <= now.getTime() && now.getTime() < call.closesAt.getTime();
}
