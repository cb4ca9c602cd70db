import { LANGUAGES } from '@fasp/core';
import { html, SafeHtml, when } from '../html';
import { WebContext } from '../web-context';

const LANGUAGE_NAMES = { en: 'English', fr: 'Français', es: 'Español' } as const;

function withLang(path: string, lang: string): string {
  const [base, query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${base}?${params.toString()}`;
}

function navigation(context: WebContext): SafeHtml {
  const user = context.user;
  const roles = new Set(user?.roles ?? []);
  const links: Array<[string, string]> = [['/opportunities', context.t('nav.opportunities')]];
  if (roles.has('holder')) links.push(['/projects', context.t('nav.projects')]);
  if (roles.has('reviewer')) links.push(['/assignments', context.t('nav.assignments')]);
  if (roles.has('secretariat') || roles.has('admin')) {
    links.push(['/pipeline', context.t('nav.pipeline')], ['/calls', context.t('nav.calls')], ['/secretariat/projects', context.t('nav.allProjects')], ['/admin/queues', context.t('nav.queues')]);
  }
  const current = context.path.split('?')[0];
  return html`<nav aria-label="${context.t('nav.main')}"><ul class="nav">${links.map(
    ([href, label]) => html`<li><a href="${href}"${current === href || current.startsWith(`${href}/`) ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

function current(context: WebContext, href: string): SafeHtml | '' {
  return context.path.split('?')[0] === href ? html` aria-current="page"` : '';
}

/**
 * Every page: skip link, header with navigation by role, language switch and sign-in state,
 * one <main>, footer. No script or font from another host; the small script only enhances.
 */
export function page(context: WebContext, title: string, main: SafeHtml, options: { wide?: boolean } = {}): SafeHtml {
  const user = context.user;
  return html`<!doctype html>
<html lang="${context.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — FASP</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/htmx.min.js" defer></script>
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${context.t('nav.skip')}</a>
<header class="top">
<div class="brand"><a href="/">${context.t('app.name')}</a><span>${context.t('app.tagline')}</span></div>
${navigation(context)}
<div class="account">
<nav aria-label="${context.t('nav.language')}"><ul class="langs">${LANGUAGES.map(
    (language) => html`<li><a href="${withLang(context.path, language)}" lang="${language}" hreflang="${language}"${language === context.lang ? html` aria-current="true"` : ''}>${LANGUAGE_NAMES[language]}</a></li>`,
  )}</ul></nav>
${
  user
    ? html`<a href="/notifications"${current(context, '/notifications')}>${context.t('nav.notifications', { count: context.unread })}</a>
<a href="/account"${current(context, '/account')}>${context.t('nav.account')}</a>
<form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${context.csrf}"><button type="submit" class="link">${context.t('nav.signOut')} (${user.name})</button></form>`
    : html`<a href="/login">${context.t('nav.signIn')}</a> · <a href="/register">${context.t('nav.register')}</a>`
}
</div>
</header>
<main id="main" class="${options.wide ? 'wide' : ''}">
${when(context.flash, () => html`<p class="flash" role="status">${context.t(context.flash ?? '')}</p>`)}
${main}
</main>
<footer><p>${context.t('footer.text')}</p></footer>
</body>
</html>`;
}
