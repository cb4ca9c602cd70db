import { Messages } from './translate';

/** Words of the public pages. */
export const PUBLIC: Messages = {
  en: {},
  fr: {},
  es: {},
};
