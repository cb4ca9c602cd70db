import { Messages } from './translate';

/** Words of the reviewer pages. */
export const REVIEWER: Messages = {
  en: {},
  fr: {},
  es: {},
};
