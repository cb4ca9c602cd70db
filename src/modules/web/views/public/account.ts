import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { csrfField, errorSummary, field, FieldErrors, select } from '../forms';
import { page } from '../layout';

export interface AccountModel {
  email: string;
  roles: string[];
  organization: string | null;
  /** what the profile form shows: the saved values, or what was typed when refused */
  profile: { name: string; language: string; timeZone: string };
  /** kinds of email the person may turn off, with their current state */
  emails: Array<{ kind: string; enabled: boolean }>;
  /** the daily digest choice, for the secretariat only */
  digest: boolean | null;
  errors: { profile?: FieldErrors | null; password?: FieldErrors | null };
}

let zones: readonly string[] | null = null;

/** IANA zones the runtime knows, offered while typing (any valid zone is accepted). */
function timeZones(): readonly string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zones;
}

/** A notification kind in the reader's words (its key name when a new kind has no words yet). */
export function kindLabel(context: WebContext, kind: string): string {
  const key = `account.kind.${kind}`;
  const text = context.t(key);
  return text === key ? kind.replace(/_/g, ' ') : text;
}

function profileForm(context: WebContext, model: AccountModel): SafeHtml {
  const errors = model.errors.profile ?? null;
  const zoneField = field({
    label: context.t('auth.timeZone'),
    name: 'timeZone',
    value: model.profile.timeZone,
    errors,
    hint: context.t('account.timeZoneHint'),
    autocomplete: 'off',
    attributes: html` list="time-zones" spellcheck="false"`,
  });
  return html`<section aria-labelledby="profile"><h2 id="profile">${context.t('account.profile')}</h2>
${errorSummary(context, errors)}
<form method="post" action="/account" novalidate>${csrfField(context)}
${field({ label: context.t('auth.name'), name: 'name', value: model.profile.name, required: true, autocomplete: 'name', errors })}
${select({
  label: context.t('auth.language'),
  name: 'language',
  value: model.profile.language,
  errors,
  choices: [
    { value: 'en', label: 'English' },
    { value: 'fr', label: 'Français' },
    { value: 'es', label: 'Español' },
  ],
})}
${zoneField}
<datalist id="time-zones">${timeZones().map((zone) => html`<option value="${zone}">`)}</datalist>
<div class="actions"><button type="submit">${context.t('form.save')}</button></div>
</form></section>`;
}

function emailForm(context: WebContext, model: AccountModel): SafeHtml {
  return html`<section aria-labelledby="email"><h2 id="email">${context.t('account.emails')}</h2>
<p>${context.t('account.emailsIntro')}</p>
<form method="post" action="/account/email-preferences">${csrfField(context)}
${
  model.emails.length > 0
    ? html`<fieldset class="checks stacked"><legend>${context.t('account.emailsLegend')}</legend>
${model.emails.map(
  (email) => html`<label><input type="checkbox" name="email" value="${email.kind}"${email.enabled ? html` checked` : ''}> ${kindLabel(context, email.kind)}</label>`,
)}</fieldset>`
    : ''
}
${when(
  model.digest !== null,
  () => html`<div class="field"><label class="check"><input type="checkbox" name="digest" value="true"${model.digest ? html` checked` : ''}> ${context.t('account.digest')}</label></div>`,
)}
<p class="hint">${context.t('account.always')}</p>
<div class="actions"><button type="submit">${context.t('account.emailsSave')}</button></div>
</form></section>`;
}

function passwordForm(context: WebContext, model: AccountModel): SafeHtml {
  const errors = model.errors.password ?? null;
  return html`<section aria-labelledby="password"><h2 id="password">${context.t('account.password')}</h2>
${errorSummary(context, errors)}
<form method="post" action="/account/password" novalidate>${csrfField(context)}
<input type="hidden" name="username" value="${model.email}" autocomplete="username">
${field({ label: context.t('account.currentPassword'), name: 'currentPassword', type: 'password', required: true, autocomplete: 'current-password', errors })}
${field({ label: context.t('account.newPassword'), name: 'newPassword', type: 'password', required: true, autocomplete: 'new-password', hint: context.t('auth.passwordHint'), errors })}
<div class="actions"><button type="submit">${context.t('account.passwordSave')}</button></div>
</form>
<p class="hint">${context.t('account.passwordNote')}</p></section>`;
}

export function accountView(context: WebContext, model: AccountModel): SafeHtml {
  const main = html`<h1>${context.t('account.title')}</h1>
<dl class="facts">
<div><dt>${context.t('auth.email')}</dt><dd>${model.email}</dd></div>
<div><dt>${context.t('account.roles')}</dt><dd>${model.roles.map((role) => context.t(`account.role.${role}`)).join(', ')}</dd></div>
${when(model.organization, () => html`<div><dt>${context.t('auth.organization')}</dt><dd>${model.organization}</dd></div>`)}
</dl>
<nav aria-label="${context.t('account.sections')}"><ul class="inline-list"><li><a href="#profile">${context.t('account.profile')}</a></li><li><a href="#email">${context.t('account.emails')}</a></li><li><a href="#password">${context.t('account.password')}</a></li></ul></nav>
${profileForm(context, model)}
${emailForm(context, model)}
${passwordForm(context, model)}`;
  return page(context, context.t('account.title'), main);
}

