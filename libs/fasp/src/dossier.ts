import { type LocalizedText, type Language } from './vocabulary';

/*
 * The dossier a project holder writes (DOMAIN.md, "Dossier content"), as plain JSON, and the
 * rule of what must be there before it can be submitted.
 */

export interface Money {
  readonly amount: number;
  /** ISO 4217 */
  readonly currency: string;
}

export interface DossierPartner {
  readonly name: string;
  /** ISO 3166-1 alpha-2 */
  readonly country?: string | null;
  /** when the partner is a registered organisation */
  readonly organizationId?: string | null;
  readonly role?: string | null;
}

/** People named in the dossier (team, contacts): a reviewer who is one of them has a conflict. */
export interface DossierPerson {
  readonly name: string;
  readonly email?: string | null;
  readonly role?: string | null;
}

export interface SocBaseline {
  /** soil organic carbon stock, t C/ha */
  readonly stockTonnesPerHa: number;
  /** sampling depth, cm (e.g. 30) */
  readonly depthCm: number;
  /** how it was measured or modelled */
  readonly method: string;
  readonly year: number;
}

export interface ExpectedChange {
  /** expected SOC stock change, t C/ha/yr (negative for a limited loss) */
  readonly tonnesPerHaPerYear: number;
  readonly horizonYears: number;
}

export interface Beneficiaries {
  readonly description: string;
  readonly people?: number | null;
  readonly households?: number | null;
}

/** Every field a holder edits. Absent or null means "not written yet". */
export interface Dossier {
  readonly title?: string | null;
  readonly summary?: string | null;
  readonly modality?: number | null;
  readonly projectType?: string | null;
  readonly objectives?: readonly string[];
  readonly countries?: readonly string[];
  readonly location?: unknown;
  readonly areaHa?: number | null;
  readonly landUses?: readonly string[];
  readonly practices?: readonly string[];
  readonly startDate?: string | null;
  readonly endDate?: string | null;
  readonly budget?: Money | null;
  readonly fundingSought?: Money | null;
  readonly partners?: readonly DossierPartner[];
  readonly beneficiaries?: Beneficiaries | null;
  readonly socBaseline?: SocBaseline | null;
  readonly expectedChange?: ExpectedChange | null;
  readonly monitoringPlan?: string | null;
  readonly team?: readonly DossierPerson[];
}

export const DOSSIER_FIELDS = [
  'title',
  'summary',
  'modality',
  'projectType',
  'objectives',
  'countries',
  'location',
  'areaHa',
  'landUses',
  'practices',
  'startDate',
  'endDate',
  'budget',
  'fundingSought',
  'partners',
  'beneficiaries',
  'socBaseline',
  'expectedChange',
  'monitoringPlan',
  'team',
] as const;
export type DossierField = (typeof DOSSIER_FIELDS)[number];

/** Fields required to submit. Partners and team may be empty; funding sought only for new projects (modality 1). */
const REQUIRED_FIELDS: readonly DossierField[] = [
  'title',
  'summary',
  'modality',
  'projectType',
  'objectives',
  'countries',
  'location',
  'areaHa',
  'landUses',
  'practices',
  'startDate',
  'endDate',
  'budget',
  'beneficiaries',
  'socBaseline',
  'expectedChange',
  'monitoringPlan',
];

/** The attachment kinds a holder can upload; a concept note is required to submit. */
export const ATTACHMENT_KINDS = ['concept_note', 'map', 'budget_detail', 'letter', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** What may be missing: a field, a criterion statement (`statement:2.2`), or an attachment (`attachment:concept_note`). */
export type DossierItem = DossierField | `statement:${string}` | `attachment:${AttachmentKind}`;

export interface CompletenessContext {
  /** criterion codes of the call's framework, in order */
  readonly criteriaCodes: readonly string[];
  /** the holder's statement per criterion code */
  readonly statements: Readonly<Record<string, string>>;
  readonly attachmentKinds: readonly string[];
}

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** Everything still missing before the dossier can be submitted, in a stable order. */
export function missingDossierItems(dossier: Dossier, context: CompletenessContext): DossierItem[] {
  const missing: DossierItem[] = REQUIRED_FIELDS.filter((field) => isBlank(dossier[field]));
  if (dossier.modality === 1 && isBlank(dossier.fundingSought)) missing.push('fundingSought');
  for (const code of context.criteriaCodes) {
    if (isBlank(context.statements[code])) missing.push(`statement:${code}`);
  }
  if (!context.attachmentKinds.includes('concept_note')) missing.push('attachment:concept_note');
  return missing;
}

/** The objectives of the Initiative a dossier must serve at least one of (eligibility). */
export function servesAnObjective(dossier: Dossier): boolean {
  return (dossier.objectives ?? []).length > 0;
}

export const DOSSIER_FIELD_LABELS: Readonly<Record<DossierField, LocalizedText>> = {
  title: { en: 'Title', fr: 'Titre', es: 'Título' },
  summary: { en: 'Summary', fr: 'Résumé', es: 'Resumen' },
  modality: { en: 'Modality', fr: 'Modalité', es: 'Modalidad' },
  projectType: { en: 'Project type', fr: 'Type de projet', es: 'Tipo de proyecto' },
  objectives: { en: 'Objectives served', fr: 'Objectifs visés', es: 'Objetivos atendidos' },
  countries: { en: 'Countries', fr: 'Pays', es: 'Países' },
  location: { en: 'Location (point or polygon)', fr: 'Localisation (point ou polygone)', es: 'Ubicación (punto o polígono)' },
  areaHa: { en: 'Area (ha)', fr: 'Superficie (ha)', es: 'Superficie (ha)' },
  landUses: { en: 'Land uses', fr: 'Usages des terres', es: 'Usos de la tierra' },
  practices: { en: 'Practices', fr: 'Pratiques', es: 'Prácticas' },
  startDate: { en: 'Start date', fr: 'Date de début', es: 'Fecha de inicio' },
  endDate: { en: 'End date', fr: 'Date de fin', es: 'Fecha de finalización' },
  budget: { en: 'Budget', fr: 'Budget', es: 'Presupuesto' },
  fundingSought: { en: 'Funding sought', fr: 'Financement recherché', es: 'Financiación solicitada' },
  partners: { en: 'Partners', fr: 'Partenaires', es: 'Socios' },
  beneficiaries: { en: 'Beneficiaries', fr: 'Bénéficiaires', es: 'Beneficiarios' },
  socBaseline: { en: 'Soil organic carbon baseline', fr: 'Situation de référence du carbone organique du sol', es: 'Línea de base del carbono orgánico del suelo' },
  expectedChange: { en: 'Expected change in soil organic carbon', fr: 'Évolution attendue du carbone organique du sol', es: 'Cambio esperado del carbono orgánico del suelo' },
  monitoringPlan: { en: 'Monitoring plan', fr: 'Plan de suivi', es: 'Plan de seguimiento' },
  team: { en: 'Team and contacts', fr: 'Équipe et contacts', es: 'Equipo y contactos' },
};

const STATEMENT_LABEL: LocalizedText = {
  en: 'Your statement for criterion {code} ({name})',
  fr: 'Votre présentation pour le critère {code} ({name})',
  es: 'Su declaración para el criterio {code} ({name})',
};

const ATTACHMENT_LABELS: Readonly<Record<AttachmentKind, LocalizedText>> = {
  concept_note: { en: 'Concept note (attachment)', fr: 'Note conceptuelle (pièce jointe)', es: 'Nota conceptual (archivo adjunto)' },
  map: { en: 'Map (attachment)', fr: 'Carte (pièce jointe)', es: 'Mapa (archivo adjunto)' },
  budget_detail: { en: 'Detailed budget (attachment)', fr: 'Budget détaillé (pièce jointe)', es: 'Presupuesto detallado (archivo adjunto)' },
  letter: { en: 'Letter (attachment)', fr: 'Lettre (pièce jointe)', es: 'Carta (archivo adjunto)' },
  other: { en: 'Other attachment', fr: 'Autre pièce jointe', es: 'Otro archivo adjunto' },
};

/**
 * What a missing item is called, in the reader's language. `criterionName` gives the name of a
 * criterion (from the call's framework) for statement items.
 */
export function dossierItemLabel(item: DossierItem, language: Language, criterionName?: (code: string) => string | undefined): string {
  if (item.startsWith('statement:')) {
    const code = item.slice('statement:'.length);
    return STATEMENT_LABEL[language].replace('{code}', code).replace('{name}', criterionName?.(code) ?? code);
  }
  if (item.startsWith('attachment:')) return ATTACHMENT_LABELS[item.slice('attachment:'.length) as AttachmentKind][language];
  return DOSSIER_FIELD_LABELS[item as DossierField][language];
}
