import { Messages } from './translate';

/** Words of the secretariat pages. */
export const SECRETARIAT: Messages = {
  en: {},
  fr: {},
  es: {},
};
