/** The working languages of the Initiative: every text a person reads exists in all three. */
export const LANGUAGES = ['en', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A text a person reads, given in every working language. */
export type LocalizedText = Readonly<Record<Language, string>>;

/** True when `value` holds a non-blank string for each working language. */
export function isLocalizedText(value: unknown): value is LocalizedText {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return LANGUAGES.every((language) => {
    const text = record[language];
    return typeof text === 'string' && text.trim() !== '';
  });
}

/**
 * One term of a controlled vocabulary. Codes are stable identifiers stored in the database and
 * exchanged over the API; labels are for people and may be reworded without a migration.
 */
export interface VocabularyEntry<C extends string | number = string> {
  readonly code: C;
  readonly labels: LocalizedText;
}

export type CodeOf<V extends readonly VocabularyEntry<string | number>[]> = V[number]['code'];

/** The codes of a vocabulary, in its display order. */
export function codesOf<V extends readonly VocabularyEntry<string | number>[]>(vocabulary: V): CodeOf<V>[] {
  return vocabulary.map((entry) => entry.code);
}

/** Narrows an unknown value (from a request body, a row) to a code of the vocabulary. */
export function isCodeOf<V extends readonly VocabularyEntry<string | number>[]>(
  vocabulary: V,
  value: unknown,
): value is CodeOf<V> {
  return vocabulary.some((entry) => entry.code === value);
}

/** The label of a code in a language, or undefined for a code the vocabulary does not hold. */
export function labelOf<V extends readonly VocabularyEntry<string | number>[]>(
  vocabulary: V,
  code: CodeOf<V>,
  language: Language,
): string | undefined {
  return vocabulary.find((entry) => entry.code === code)?.labels[language];
}

/** The five regions of the Initiative's network statistics. */
export const REGIONS = [
  { code: 'africa', labels: { en: 'Africa', fr: 'Afrique', es: 'África' } },
  { code: 'asia_pacific', labels: { en: 'Asia & Pacific', fr: 'Asie et Pacifique', es: 'Asia y el Pacífico' } },
  { code: 'europe', labels: { en: 'Europe', fr: 'Europe', es: 'Europa' } },
  {
    code: 'latin_america_caribbean',
    labels: { en: 'Latin America & Caribbean', fr: 'Amérique latine et Caraïbes', es: 'América Latina y el Caribe' },
  },
  { code: 'north_america', labels: { en: 'North America', fr: 'Amérique du Nord', es: 'América del Norte' } },
] as const satisfies readonly VocabularyEntry[];
export type RegionCode = CodeOf<typeof REGIONS>;
export const REGION_CODES: readonly RegionCode[] = codesOf(REGIONS);
export const isRegionCode = (value: unknown): value is RegionCode => isCodeOf(REGIONS, value);

/** Stakeholder groups ("colleges") of the Initiative. */
export const COLLEGES = [
  {
    code: 'GOV',
    labels: {
      en: 'Governments and public authorities',
      fr: 'Gouvernements et autorités publiques',
      es: 'Gobiernos y autoridades públicas',
    },
  },
  {
    code: 'IO',
    labels: {
      en: 'International organisations and development banks',
      fr: 'Organisations internationales et banques de développement',
      es: 'Organizaciones internacionales y bancos de desarrollo',
    },
  },
  {
    code: 'NGO',
    labels: {
      en: 'Civil society and non-profit organisations',
      fr: 'Société civile et organisations à but non lucratif',
      es: 'Sociedad civil y organizaciones sin fines de lucro',
    },
  },
  {
    code: 'PROD',
    labels: { en: 'Producer organisations', fr: 'Organisations de producteurs', es: 'Organizaciones de productores' },
  },
  { code: 'SCI', labels: { en: 'Research and education', fr: 'Recherche et enseignement', es: 'Investigación y educación' } },
  { code: 'FUND', labels: { en: 'Funding bodies', fr: 'Organismes de financement', es: 'Organismos de financiación' } },
  { code: 'BUS', labels: { en: 'Companies', fr: 'Entreprises', es: 'Empresas' } },
] as const satisfies readonly VocabularyEntry[];
export type CollegeCode = CodeOf<typeof COLLEGES>;
export const COLLEGE_CODES: readonly CollegeCode[] = codesOf(COLLEGES);
export const isCollegeCode = (value: unknown): value is CollegeCode => isCodeOf(COLLEGES, value);

/** Forum of Partners (anyone) or Consortium of Members (non-profit organisations). */
export const MEMBERSHIPS = [
  {
    code: 'partner',
    labels: { en: 'Partner (Forum of Partners)', fr: 'Partenaire (Forum des partenaires)', es: 'Socio (Foro de Socios)' },
  },
  {
    code: 'member',
    labels: {
      en: 'Member (Consortium of Members)',
      fr: 'Membre (Consortium des membres)',
      es: 'Miembro (Consorcio de Miembros)',
    },
  },
] as const satisfies readonly VocabularyEntry[];
export type MembershipCode = CodeOf<typeof MEMBERSHIPS>;
export const MEMBERSHIP_CODES: readonly MembershipCode[] = codesOf(MEMBERSHIPS);
export const isMembershipCode = (value: unknown): value is MembershipCode => isCodeOf(MEMBERSHIPS, value);
