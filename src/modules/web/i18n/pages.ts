import { HOLDER } from './holder';
import { PUBLIC } from './public';
import { REVIEWER } from './reviewer';
import { SECRETARIAT } from './secretariat';
import { Messages } from './translate';

/** The dictionaries of every area of pages (the layout's are in common.ts). */
export const PAGE_MESSAGES: readonly Messages[] = [PUBLIC, HOLDER, REVIEWER, SECRETARIAT];
