import { LAND_USES, LANGUAGES, PRACTICES, REGIONS, REVIEWER_DISCIPLINES } from '@fasp/core';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { checkboxes, csrfField, errorSummary, field, FieldErrors } from '../forms';
import { page } from '../layout';
import { languageName } from './shared';

/** The profile as the form shows it (saved values, or what was just typed). */
export interface ProfileValues {
  stcMember: boolean;
  capacityPerCall: number;
  languages: string[];
  practices: string[];
  landUses: string[];
  disciplines: string[];
  regions: string[];
  /** as typed: codes separated by commas */
  countries: string;
  available: boolean;
}

type Vocabulary = ReadonlyArray<{ code: string; labels: Readonly<Record<string, string>> }>;

function choices(context: WebContext, vocabulary: Vocabulary): Array<{ value: string; label: string }> {
  return vocabulary.map((entry) => ({ value: entry.code, label: entry.labels[context.lang] }));
}

/** What the assignment knows of the reviewer: what they read, know and where; committee membership and load cap stay with the secretariat. */
export function profilePage(context: WebContext, values: ProfileValues, errors: FieldErrors | null): SafeHtml {
  const main = html`<h1>${context.t('reviewer.profile.title')}</h1>
<p>${context.t('reviewer.profile.intro')}</p>
<ul>${when(values.stcMember, () => html`<li>${context.t('reviewer.profile.stc')}</li>`)}<li>${context.t('reviewer.profile.capacity', { count: values.capacityPerCall })}</li></ul>
${errorSummary(context, errors)}
<form method="post" action="/reviewer/profile" novalidate>${csrfField(context)}
${checkboxes({ legend: context.t('reviewer.profile.languages'), name: 'languages', choices: LANGUAGES.map((code) => ({ value: code, label: languageName(context, code) })), selected: values.languages, errors })}
${checkboxes({ legend: context.t('reviewer.profile.disciplines'), name: 'disciplines', choices: choices(context, REVIEWER_DISCIPLINES), selected: values.disciplines, errors })}
${checkboxes({ legend: context.t('reviewer.profile.practices'), name: 'practices', choices: choices(context, PRACTICES), selected: values.practices, errors })}
${checkboxes({ legend: context.t('reviewer.profile.landUses'), name: 'landUses', choices: choices(context, LAND_USES), selected: values.landUses, errors })}
${checkboxes({ legend: context.t('reviewer.profile.regions'), name: 'regions', choices: choices(context, REGIONS), selected: values.regions, errors })}
${field({ label: context.t('reviewer.profile.countries'), name: 'countries', value: values.countries, errors, autocomplete: 'off' })}
<div class="field"><label class="rv-check"><input type="checkbox" name="available" value="yes"${values.available ? html` checked` : ''}> ${context.t('reviewer.profile.available')}</label></div>
<div class="actions"><button type="submit">${context.t('reviewer.profile.save')}</button></div></form>
<p><a href="/assignments">${context.t('reviewer.assignments.title')}</a></p>`;
  return page(context, context.t('reviewer.profile.title'), main);
}
