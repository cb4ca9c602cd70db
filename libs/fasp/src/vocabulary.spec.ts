import { COUNTRIES, COUNTRY_CODES, countryName, isCountryCode, regionOfCountry } from './countries';
import { CURRENCY_CODES, isCurrencyCode } from './currencies';
import {
  LAND_USES,
  MODALITIES,
  OBJECTIVES,
  PRACTICES,
  PROJECT_TYPES,
  REVIEWER_DISCIPLINES,
  isLandUseCode,
  isModalityCode,
  isObjectiveCode,
  isPracticeCode,
  isProjectTypeCode,
  isReviewerDisciplineCode,
} from './dossier-vocabulary';
import {
  COLLEGES,
  LANGUAGES,
  MEMBERSHIPS,
  REGIONS,
  REGION_CODES,
  isCollegeCode,
  isLanguage,
  isLocalizedText,
  isMembershipCode,
  isRegionCode,
  labelOf,
  type VocabularyEntry,
} from './vocabulary';

describe('languages', () => {
  it('are en, fr and es', () => {
    expect(LANGUAGES).toEqual(['en', 'fr', 'es']);
    expect(isLanguage('fr')).toBe(true);
    expect(isLanguage('de')).toBe(false);
    expect(isLanguage(undefined)).toBe(false);
  });

  it('recognise a complete localized text', () => {
    expect(isLocalizedText({ en: 'a', fr: 'b', es: 'c' })).toBe(true);
    expect(isLocalizedText({ en: 'a', fr: ' ', es: 'c' })).toBe(false);
    expect(isLocalizedText({ en: 'a', fr: 'b' })).toBe(false);
    expect(isLocalizedText(null)).toBe(false);
  });
});

const VOCABULARIES: [string, readonly VocabularyEntry<string | number>[], (value: unknown) => boolean][] = [
  ['regions', REGIONS, isRegionCode],
  ['colleges', COLLEGES, isCollegeCode],
  ['memberships', MEMBERSHIPS, isMembershipCode],
  ['practices', PRACTICES, isPracticeCode],
  ['land uses', LAND_USES, isLandUseCode],
  ['objectives', OBJECTIVES, isObjectiveCode],
  ['project types', PROJECT_TYPES, isProjectTypeCode],
  ['modalities', MODALITIES, isModalityCode],
  ['reviewer disciplines', REVIEWER_DISCIPLINES, isReviewerDisciplineCode],
];

describe.each(VOCABULARIES)('vocabulary of %s', (_name, vocabulary, isCode) => {
  it('has unique codes', () => {
    const codes = vocabulary.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('labels every code in en, fr and es', () => {
    for (const entry of vocabulary) {
      expect(isLocalizedText(entry.labels)).toBe(true);
    }
  });

  it('recognises its codes and nothing else', () => {
    for (const entry of vocabulary) expect(isCode(entry.code)).toBe(true);
    expect(isCode('unknown_code')).toBe(false);
    expect(isCode(undefined)).toBe(false);
  });
});

describe('codes', () => {
  it('are snake_case where they are words', () => {
    for (const vocabulary of [REGIONS, MEMBERSHIPS, PRACTICES, LAND_USES, OBJECTIVES, PROJECT_TYPES, REVIEWER_DISCIPLINES]) {
      for (const entry of vocabulary) expect(entry.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    }
  });

  it('hold the terms DOMAIN.md names', () => {
    expect(REGION_CODES).toEqual(['africa', 'asia_pacific', 'europe', 'latin_america_caribbean', 'north_america']);
    expect(COLLEGES.map((entry) => entry.code)).toEqual(['GOV', 'IO', 'NGO', 'PROD', 'SCI', 'FUND', 'BUS']);
    expect(MEMBERSHIPS.map((entry) => entry.code)).toEqual(['partner', 'member']);
    expect(OBJECTIVES.map((entry) => entry.code)).toEqual(['mitigation', 'adaptation', 'food_security']);
    expect(PROJECT_TYPES.map((entry) => entry.code)).toEqual(['practice', 'project', 'policy', 'research_with_implementation']);
    expect(MODALITIES.map((entry) => entry.code)).toEqual([1, 2]);
    const practices = PRACTICES.map((entry) => entry.code as string);
    for (const code of [
      'agroforestry',
      'cover_crops',
      'reduced_tillage',
      'no_tillage',
      'organic_amendments',
      'compost',
      'biochar',
      'crop_rotation',
      'rotational_grazing',
      'grassland_management',
      'restoration',
      'reforestation',
      'wetland_restoration',
      'residue_retention',
      'integrated_nutrient_management',
      'irrigation_management',
      'other',
    ]) {
      expect(practices).toContain(code);
    }
    const landUses = LAND_USES.map((entry) => entry.code as string);
    for (const code of [
      'cropland',
      'grassland',
      'rangeland',
      'forest',
      'agroforestry_system',
      'wetland',
      'peatland',
      'orchard_vineyard',
      'urban',
      'degraded_land',
    ]) {
      expect(landUses).toContain(code);
    }
    const disciplines = REVIEWER_DISCIPLINES.map((entry) => entry.code as string);
    for (const code of ['soil_science', 'agronomy', 'ecology', 'economics', 'social_science', 'climate_science', 'remote_sensing', 'policy']) {
      expect(disciplines).toContain(code);
    }
  });

  it('give their label in a language', () => {
    expect(labelOf(REGIONS, 'latin_america_caribbean', 'fr')).toBe('Amérique latine et Caraïbes');
    expect(labelOf(COLLEGES, 'SCI', 'es')).toBe('Investigación y educación');
    expect(labelOf(MODALITIES, 2, 'en')).toBe('Ongoing project seeking recognition');
  });
});

describe('countries', () => {
  it('hold the 249 officially assigned ISO 3166-1 alpha-2 codes, once each, in order', () => {
    expect(COUNTRIES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect([...COUNTRY_CODES].sort()).toEqual(COUNTRY_CODES);
    for (const country of COUNTRIES) {
      expect(country.code).toMatch(/^[A-Z]{2}$/);
      expect(country.name.trim()).not.toBe('');
      expect(isRegionCode(country.region)).toBe(true);
    }
  });

  it('leave out reserved and withdrawn codes', () => {
    for (const code of ['UK', 'EU', 'XK', 'AN', 'YU', 'CS', 'SU', 'ZZ', 'gb', 'GBR', '', 42]) {
      expect(isCountryCode(code)).toBe(false);
    }
    expect(isCountryCode('GB')).toBe(true);
  });

  it.each([
    ['FR', 'europe'],
    ['RU', 'europe'],
    ['TR', 'europe'],
    ['CY', 'europe'],
    ['GE', 'europe'],
    ['AM', 'europe'],
    ['AZ', 'europe'],
    ['MA', 'africa'],
    ['EG', 'africa'],
    ['SN', 'africa'],
    ['ZA', 'africa'],
    ['SA', 'asia_pacific'],
    ['IL', 'asia_pacific'],
    ['KZ', 'asia_pacific'],
    ['UZ', 'asia_pacific'],
    ['IN', 'asia_pacific'],
    ['AU', 'asia_pacific'],
    ['FJ', 'asia_pacific'],
    ['AQ', 'asia_pacific'],
    ['MX', 'latin_america_caribbean'],
    ['CU', 'latin_america_caribbean'],
    ['GP', 'latin_america_caribbean'],
    ['BR', 'latin_america_caribbean'],
    ['US', 'north_america'],
    ['CA', 'north_america'],
    ['BM', 'north_america'],
    ['GL', 'north_america'],
    ['PM', 'north_america'],
  ])('places %s in %s by default', (code, region) => {
    expect(regionOfCountry(code)).toBe(region);
  });

  it('give no region to an unassigned code', () => {
    expect(regionOfCountry('XX')).toBeUndefined();
  });

  it('every region has countries', () => {
    for (const region of REGION_CODES) {
      expect(COUNTRIES.some((country) => country.region === region)).toBe(true);
    }
  });

  it('name a country in each working language', () => {
    expect(countryName('DE', 'en')).toBe('Germany');
    expect(countryName('DE', 'fr')).toBe('Allemagne');
    expect(countryName('DE', 'es')).toBe('Alemania');
    expect(countryName('XX', 'fr')).toBeUndefined();
    for (const country of COUNTRIES) {
      for (const language of LANGUAGES) expect(countryName(country.code, language)?.trim()).toBeTruthy();
    }
  });
});

describe('currencies', () => {
  it('hold active ISO 4217 codes, once each', () => {
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    for (const code of CURRENCY_CODES) expect(code).toMatch(/^[A-Z]{3}$/);
    for (const code of ['EUR', 'USD', 'XOF', 'XAF', 'BRL', 'INR', 'KES', 'CLF', 'XDR', 'XCG', 'ZWG', 'SLE']) {
      expect(isCurrencyCode(code)).toBe(true);
    }
  });

  it('refuse metals, test codes, withdrawn currencies and malformed input', () => {
    for (const code of ['XAU', 'XAG', 'XTS', 'XXX', 'FRF', 'DEM', 'HRK', 'ANG', 'BGN', 'ZWL', 'eur', 'EURO', '', null]) {
      expect(isCurrencyCode(code)).toBe(false);
    }
  });
});
