import { Messages } from './translate';

/** Words of the holder pages. */
export const HOLDER: Messages = {
  en: {},
  fr: {},
  es: {},
};
