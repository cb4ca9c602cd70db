import { ERROR_STATUS, ErrorCode } from './error-codes';

/** What a module throws when a request cannot be served; the global filter turns it into HTTP. */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export class NotFoundException extends DomainException {
  constructor(what: string, details?: unknown) {
    super('NOT_FOUND', `${what} not found`, details);
  }
}

export class ConflictException extends DomainException {
  constructor(message: string, details?: unknown) {
    super('CONFLICT', message, details);
  }
}

export class RuleRefusedException extends DomainException {
  constructor(message: string, details?: unknown) {
    super('RULE_REFUSED', message, details);
  }
}
