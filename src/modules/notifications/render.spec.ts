import { LANGUAGES } from '@fasp/core';
import { LAYOUT_TEXTS, NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS } from './catalogue';
import { formatDate, formatDateTime, placeholdersIn, PlaceholderError, renderNotification, showValue } from './render';

describe('notification catalogue and rendering', () => {
  it.each(NOTIFICATION_KIND_NAMES)('%s exists in every language and uses only its declared placeholders', (kind) => {
    const definition = NOTIFICATION_KINDS[kind];
    for (const language of LANGUAGES) {
      const texts = definition.texts[language];
      expect(texts.subject.trim()).not.toBe('');
      expect(texts.body.trim()).not.toBe('');
      const used = new Set([...placeholdersIn(texts.subject), ...placeholdersIn(texts.body)]);
      for (const placeholder of used) expect(definition.placeholders).toContain(placeholder);
    }
    // every declared placeholder is used in English at least (no dead parameters)
    const english = new Set([...placeholdersIn(definition.texts.en.subject), ...placeholdersIn(definition.texts.en.body)]);
    for (const placeholder of definition.placeholders) expect(english.has(placeholder) || ['title', 'faspId'].includes(placeholder)).toBe(true);
  });

  it.each(NOTIFICATION_KIND_NAMES.flatMap((kind) => LANGUAGES.map((language) => [kind, language] as const)))('%s renders in %s', (kind, language) => {
    const values = Object.fromEntries(NOTIFICATION_KINDS[kind].placeholders.map((name) => [name, `<${name}&value>`]));
    const rendered = renderNotification(kind, language, values, { name: 'Aminata <Diallo>', link: 'https://fasp.example.org/projects/1?a=1&b=2' });
    expect(rendered.subject).not.toMatch(/\{\{|\}\}/);
    expect(rendered.text).toContain(LAYOUT_TEXTS[language].greeting.replace('{{name}}', 'Aminata <Diallo>'));
    expect(rendered.text).toContain('https://fasp.example.org/projects/1?a=1&b=2');
    for (const name of NOTIFICATION_KINDS[kind].placeholders) {
      const inTexts = [NOTIFICATION_KINDS[kind].texts[language].subject, NOTIFICATION_KINDS[kind].texts[language].body].some((text) => text.includes(`{{${name}}}`));
      if (!inTexts) continue;
      expect(rendered.text + rendered.subject).toContain(`<${name}&value>`);
      // values are escaped in the HTML, never injected
      expect(rendered.html).not.toContain(`<${name}&value>`);
      expect(rendered.html).toContain(`&lt;${name}&amp;value&gt;`);
    }
    expect(rendered.html).toMatch(new RegExp(`^<!doctype html><html lang="${language}">`));
    expect(rendered.html).toContain('href="https://fasp.example.org/projects/1?a=1&amp;b=2"');
  });

  it('refuses a template whose placeholder has no value', () => {
    expect(() => renderNotification('admitted', 'en', { title: 'x' }, { name: 'A', link: null })).toThrow(PlaceholderError);
  });

  it('formats dates in the reader language and time zone', () => {
    const instant = new Date('2027-03-01T23:30:00Z');
    expect(formatDate(instant, 'en', null)).toBe('March 1, 2027');
    expect(formatDate(instant, 'fr', 'Europe/Paris')).toBe('2 mars 2027');
    expect(formatDate(instant, 'es', 'America/Bogota')).toBe('1 de marzo de 2027');
    // with the time of day and the zone, for a link valid for an hour
    expect(formatDateTime(instant, 'en', null)).toBe('March 1, 2027 at 11:30 PM UTC');
    expect(formatDateTime(instant, 'fr', 'Europe/Paris')).toBe('2 mars 2027 à 00:30 UTC+1');
    expect(formatDateTime(instant, 'es', 'America/Bogota')).toBe('1 de marzo de 2027 a las 18:30 GMT-5');
  });

  it('shows outcomes, roles and stages in the reader language', () => {
    expect(showValue({ term: 'outcomes', key: 'positive' }, 'fr', null)).toBe('favorable');
    expect(showValue({ term: 'roles', key: 'lead' }, 'es', null)).toBe('evaluador principal');
    expect(showValue({ term: 'stages', key: 'submitted' }, 'en', null)).toBe('eligibility check');
    expect(showValue({ dateTime: new Date('2027-03-01T23:30:00Z') }, 'en', 'Asia/Tokyo')).toBe('March 2, 2027 at 08:30 AM GMT+9');
    expect(showValue('as is', 'fr', null)).toBe('as is');
  });
});
