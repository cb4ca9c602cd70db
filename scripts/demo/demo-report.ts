import { COLLEGES, REGIONS, STAGES } from '@fasp/core';
import { DemoReport } from './demo-run';

/** The demo's final words: the pipeline of the call in one table, then where to look. */

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function column(title: string, rows: Array<[string, number]>): string[] {
  const width = Math.max(title.length, ...rows.map(([label]) => label.length + 6));
  return [pad(title, width), '-'.repeat(width), ...rows.map(([label, count]) => `${pad(label, width - 5)}${pad(String(count), 5, true)}`)];
}

function sideBySide(columns: string[][], gap = '   '): string[] {
  const height = Math.max(...columns.map((lines) => lines.length));
  const widths = columns.map((lines) => Math.max(...lines.map((line) => line.length)));
  return Array.from({ length: height }, (_, row) => columns.map((lines, index) => pad(lines[row] ?? '', widths[index])).join(gap).trimEnd());
}

export interface WhereToLook {
  /** how the emails can be seen, when the demo cannot count them */
  mail: string;
  /** the secretariat's password, when the demo chose it */
  secretariatPassword: string | null;
  /** also list where the time went, route by route */
  routes?: boolean;
}

function assignmentLine(report: DemoReport): string {
  const seats = report.projects.reduce((acc, project) => acc + project.seats.length, 0);
  const run = report.assignmentRun;
  const totals = run.totals as { slots?: number; filledSlots?: number } | null;
  const solved = totals && totals.slots ? `; the call's run filled ${totals.filledSlots}/${totals.slots} open seats in ${run.solveMs} ms` : "; admissions had already filled every seat when the call's run came";
  return `${seats} reviewers seated by the engine's runs${solved}`;
}

export function formatReport(report: DemoReport, where: WhereToLook): string {
  const { summary } = report;
  const stages = STAGES.map((stage): [string, number] => [stage, summary.byStage.find((item) => item.stage === stage)?.count ?? 0]).filter(([, count]) => count > 0);
  const regions = REGIONS.map((region): [string, number] => [region.labels.en, summary.byRegion.find((item) => item.key === region.code)?.count ?? 0]);
  const colleges = COLLEGES.map((college): [string, number] => [college.code, summary.byCollege.find((item) => item.key === college.code)?.count ?? 0]);
  const languages = ['en', 'fr', 'es'].map((language): [string, number] => [language, summary.byLanguage.find((item) => item.key === language)?.count ?? 0]);
  const outcomes = ['positive', 'not_positive', 'revise', 'none'].filter((key) => report.outcomes[key]).map((key): [string, number] => [key === 'none' ? '(not assessed)' : key, report.outcomes[key]]);
  const url = (path: string) => `${report.baseUrl.replace(/\/$/, '')}${path}`;
  const revised = report.projects.filter((project) => project.plannedOutcomes[0] === 'revise').length;
  const lines = [
    '',
    `FASP demo ${report.runTag}: call "${report.call.title}"`,
    `${report.projects.length} dossiers from ${report.organizations} organisations, ${report.reviewers.length} reviewers; ` +
      `${(report.elapsedMs / 1000).toFixed(1)} s, ${report.requests.toLocaleString('en-US')} HTTP requests`,
    '',
    ...sideBySide([
      column('Stage', stages),
      column('Region', regions),
      column('College', colleges),
      [...column('Outcome', outcomes), '', ...column('Language', languages)],
    ]),
    '',
    `Funnel   ${summary.funnel.map((step) => `${step.step} ${step.count}`).join(' > ')}`,
    `Rounds   ${revised} dossier(s) revised and reviewed in a second round; ` +
      `${report.projects.reduce((acc, project) => acc + project.declinedBy.length, 0)} invitation(s) declined and topped up; ` +
      `${report.projects.filter((project) => project.seats.some((seat) => seat.joined === 'extra')).length} extra reviewer(s) for diverging reviews`,
    `Assign   ${assignmentLine(report)}`,
    `PDFs     ${report.documents.reports} evaluation reports, ${report.documents.letters} letters of support` +
      (report.documents.checked.length > 0 ? ` (downloaded ${report.documents.checked.map((item) => `${item.faspId} ${item.kind} ${item.bytes.toLocaleString('en-US')} bytes`).join(', ')})` : ''),
    `Emails   ${report.emails.sent === null ? where.mail : `${report.emails.sent.toLocaleString('en-US')} sent, ${report.emails.description}`}`,
    '',
    'Where to look',
    `  API documentation     ${url('/api/docs')}`,
    `  Queue dashboard       ${url('/admin/queues')}   (after signing in at ${url('/login')} as the secretariat)`,
    `  Mail                  ${report.emails.sent === null ? where.mail : `${report.emails.description} (${report.emails.sent} emails)`}`,
    `  Public opportunities  ${url('/api/public/opportunities')}   ${url('/opportunities')}`,
    `  Web pages             ${url('/login')}, signed in as`,
    `      the secretariat   ${report.accounts.secretariat}${where.secretariatPassword ? `  password: ${where.secretariatPassword}` : '  (its password)'}`,
    `      a holder          ${report.accounts.holder}  password: ${report.accounts.password}`,
    `      a reviewer        ${report.accounts.reviewer}  password: ${report.accounts.password}`,
    '',
  ];
  if (where.routes) {
    lines.push('Time by route (count, mean ms, max ms)');
    for (const route of report.routes.slice(0, 15)) lines.push(`  ${pad(route.route, 58)}${pad(String(route.count), 6, true)}${pad(String(route.meanMs), 8, true)}${pad(String(route.maxMs), 8, true)}`);
    lines.push('');
  }
  return lines.join('\n');
}
