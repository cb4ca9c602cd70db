import { Language } from '@fasp/core';
import { AuthUser } from '../../platform/auth/auth-user';

/** What every page needs about the request: who, in which language and time zone, and the form token. */
export interface WebContext {
  user: AuthUser | null;
  lang: Language;
  timeZone: string;
  csrf: string;
  /** path and query of the page (for the language switch and sign-in return) */
  path: string;
  /** a one-time message set by the previous request (e.g. "saved") */
  flash: string | null;
  /** the person's unread notifications, for the header */
  unread: number;
  /** false on a secure deployment: cookies then carry Secure */
  t: (key: string, params?: Readonly<Record<string, string | number>>) => string;
}

/** A redirect to answer with (303: the browser follows with a GET). */
export class WebRedirect extends Error {
  constructor(
    readonly location: string,
    readonly flash?: string,
  ) {
    super(`redirect to ${location}`);
  }
}

/** A page-level refusal rendered as an error page. */
export class WebError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 500,
    readonly messageKey?: string,
  ) {
    super(`web error ${status}`);
  }
}
