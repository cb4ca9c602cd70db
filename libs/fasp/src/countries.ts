import { type Language, type RegionCode } from './vocabulary';

/**
 * Every officially assigned ISO 3166-1 alpha-2 code (249), with its English short name and the
 * default region of the Initiative's network statistics. The region is only a default: an
 * organisation or a dossier records its own.
 *
 * Region choices where geography is ambiguous:
 * - the Middle East and Central Asia go to Asia & Pacific;
 * - Europe includes Russia, Türkiye, Cyprus and the Caucasus (Armenia, Azerbaijan, Georgia);
 * - all of Africa, North Africa included, is Africa;
 * - Mexico, Central and South America and the Caribbean (including the overseas territories
 *   there) are Latin America & Caribbean; North America is the United States and Canada with
 *   Bermuda, Greenland and Saint Pierre and Miquelon;
 * - Oceania is Asia & Pacific;
 * - remote islands follow the UN M49 geoscheme where it places them (Bouvet Island and South
 *   Georgia: South America; Heard and McDonald Islands, Christmas and Cocos Islands: Oceania;
 *   British Indian Ocean Territory and French Southern Territories: Eastern Africa);
 * - Antarctica, which M49 places in no region, goes to Asia & Pacific: Australia and New
 *   Zealand together claim most of it. No soil project is expected there.
 */
const A: RegionCode = 'africa';
const P: RegionCode = 'asia_pacific';
const E: RegionCode = 'europe';
const L: RegionCode = 'latin_america_caribbean';
const N: RegionCode = 'north_america';

export interface Country {
  readonly code: string;
  readonly name: string;
  readonly region: RegionCode;
}

const COUNTRY_ROWS: readonly (readonly [string, string, RegionCode])[] = [
  ['AD', 'Andorra', E],
  ['AE', 'United Arab Emirates', P],
  ['AF', 'Afghanistan', P],
  ['AG', 'Antigua and Barbuda', L],
  ['AI', 'Anguilla', L],
  ['AL', 'Albania', E],
  ['AM', 'Armenia', E],
  ['AO', 'Angola', A],
  ['AQ', 'Antarctica', P],
  ['AR', 'Argentina', L],
  ['AS', 'American Samoa', P],
  ['AT', 'Austria', E],
  ['AU', 'Australia', P],
  ['AW', 'Aruba', L],
  ['AX', 'Åland Islands', E],
  ['AZ', 'Azerbaijan', E],
  ['BA', 'Bosnia and Herzegovina', E],
  ['BB', 'Barbados', L],
  ['BD', 'Bangladesh', P],
  ['BE', 'Belgium', E],
  ['BF', 'Burkina Faso', A],
  ['BG', 'Bulgaria', E],
  ['BH', 'Bahrain', P],
  ['BI', 'Burundi', A],
  ['BJ', 'Benin', A],
  ['BL', 'Saint Barthélemy', L],
  ['BM', 'Bermuda', N],
  ['BN', 'Brunei Darussalam', P],
  ['BO', 'Bolivia (Plurinational State of)', L],
  ['BQ', 'Bonaire, Sint Eustatius and Saba', L],
  ['BR', 'Brazil', L],
  ['BS', 'Bahamas', L],
  ['BT', 'Bhutan', P],
  ['BV', 'Bouvet Island', L],
  ['BW', 'Botswana', A],
  ['BY', 'Belarus', E],
  ['BZ', 'Belize', L],
  ['CA', 'Canada', N],
  ['CC', 'Cocos (Keeling) Islands', P],
  ['CD', 'Congo (Democratic Republic of the)', A],
  ['CF', 'Central African Republic', A],
  ['CG', 'Congo', A],
  ['CH', 'Switzerland', E],
  ['CI', "Côte d'Ivoire", A],
  ['CK', 'Cook Islands', P],
  ['CL', 'Chile', L],
  ['CM', 'Cameroon', A],
  ['CN', 'China', P],
  ['CO', 'Colombia', L],
  ['CR', 'Costa Rica', L],
  ['CU', 'Cuba', L],
  ['CV', 'Cabo Verde', A],
  ['CW', 'Curaçao', L],
  ['CX', 'Christmas Island', P],
  ['CY', 'Cyprus', E],
  ['CZ', 'Czechia', E],
  ['DE', 'Germany', E],
  ['DJ', 'Djibouti', A],
  ['DK', 'Denmark', E],
  ['DM', 'Dominica', L],
  ['DO', 'Dominican Republic', L],
  ['DZ', 'Algeria', A],
  ['EC', 'Ecuador', L],
  ['EE', 'Estonia', E],
  ['EG', 'Egypt', A],
  ['EH', 'Western Sahara', A],
  ['ER', 'Eritrea', A],
  ['ES', 'Spain', E],
  ['ET', 'Ethiopia', A],
  ['FI', 'Finland', E],
  ['FJ', 'Fiji', P],
  ['FK', 'Falkland Islands (Malvinas)', L],
  ['FM', 'Micronesia (Federated States of)', P],
  ['FO', 'Faroe Islands', E],
  ['FR', 'France', E],
  ['GA', 'Gabon', A],
  ['GB', 'United Kingdom of Great Britain and Northern Ireland', E],
  ['GD', 'Grenada', L],
  ['GE', 'Georgia', E],
  ['GF', 'French Guiana', L],
  ['GG', 'Guernsey', E],
  ['GH', 'Ghana', A],
  ['GI', 'Gibraltar', E],
  ['GL', 'Greenland', N],
  ['GM', 'Gambia', A],
  ['GN', 'Guinea', A],
  ['GP', 'Guadeloupe', L],
  ['GQ', 'Equatorial Guinea', A],
  ['GR', 'Greece', E],
  ['GS', 'South Georgia and the South Sandwich Islands', L],
  ['GT', 'Guatemala', L],
  ['GU', 'Guam', P],
  ['GW', 'Guinea-Bissau', A],
  ['GY', 'Guyana', L],
  ['HK', 'Hong Kong', P],
  ['HM', 'Heard Island and McDonald Islands', P],
  ['HN', 'Honduras', L],
  ['HR', 'Croatia', E],
  ['HT', 'Haiti', L],
  ['HU', 'Hungary', E],
  ['ID', 'Indonesia', P],
  ['IE', 'Ireland', E],
  ['IL', 'Israel', P],
  ['IM', 'Isle of Man', E],
  ['IN', 'India', P],
  ['IO', 'British Indian Ocean Territory', A],
  ['IQ', 'Iraq', P],
  ['IR', 'Iran (Islamic Republic of)', P],
  ['IS', 'Iceland', E],
  ['IT', 'Italy', E],
  ['JE', 'Jersey', E],
  ['JM', 'Jamaica', L],
  ['JO', 'Jordan', P],
  ['JP', 'Japan', P],
  ['KE', 'Kenya', A],
  ['KG', 'Kyrgyzstan', P],
  ['KH', 'Cambodia', P],
  ['KI', 'Kiribati', P],
  ['KM', 'Comoros', A],
  ['KN', 'Saint Kitts and Nevis', L],
  ['KP', "Korea (Democratic People's Republic of)", P],
  ['KR', 'Korea (Republic of)', P],
  ['KW', 'Kuwait', P],
  ['KY', 'Cayman Islands', L],
  ['KZ', 'Kazakhstan', P],
  ['LA', "Lao People's Democratic Republic", P],
  ['LB', 'Lebanon', P],
  ['LC', 'Saint Lucia', L],
  ['LI', 'Liechtenstein', E],
  ['LK', 'Sri Lanka', P],
  ['LR', 'Liberia', A],
  ['LS', 'Lesotho', A],
  ['LT', 'Lithuania', E],
  ['LU', 'Luxembourg', E],
  ['LV', 'Latvia', E],
  ['LY', 'Libya', A],
  ['MA', 'Morocco', A],
  ['MC', 'Monaco', E],
  ['MD', 'Moldova (Republic of)', E],
  ['ME', 'Montenegro', E],
  ['MF', 'Saint Martin (French part)', L],
  ['MG', 'Madagascar', A],
  ['MH', 'Marshall Islands', P],
  ['MK', 'North Macedonia', E],
  ['ML', 'Mali', A],
  ['MM', 'Myanmar', P],
  ['MN', 'Mongolia', P],
  ['MO', 'Macao', P],
  ['MP', 'Northern Mariana Islands', P],
  ['MQ', 'Martinique', L],
  ['MR', 'Mauritania', A],
  ['MS', 'Montserrat', L],
  ['MT', 'Malta', E],
  ['MU', 'Mauritius', A],
  ['MV', 'Maldives', P],
  ['MW', 'Malawi', A],
  ['MX', 'Mexico', L],
  ['MY', 'Malaysia', P],
  ['MZ', 'Mozambique', A],
  ['NA', 'Namibia', A],
  ['NC', 'New Caledonia', P],
  ['NE', 'Niger', A],
  ['NF', 'Norfolk Island', P],
  ['NG', 'Nigeria', A],
  ['NI', 'Nicaragua', L],
  ['NL', 'Netherlands', E],
  ['NO', 'Norway', E],
  ['NP', 'Nepal', P],
  ['NR', 'Nauru', P],
  ['NU', 'Niue', P],
  ['NZ', 'New Zealand', P],
  ['OM', 'Oman', P],
  ['PA', 'Panama', L],
  ['PE', 'Peru', L],
  ['PF', 'French Polynesia', P],
  ['PG', 'Papua New Guinea', P],
  ['PH', 'Philippines', P],
  ['PK', 'Pakistan', P],
  ['PL', 'Poland', E],
  ['PM', 'Saint Pierre and Miquelon', N],
  ['PN', 'Pitcairn', P],
  ['PR', 'Puerto Rico', L],
  ['PS', 'Palestine, State of', P],
  ['PT', 'Portugal', E],
  ['PW', 'Palau', P],
  ['PY', 'Paraguay', L],
  ['QA', 'Qatar', P],
  ['RE', 'Réunion', A],
  ['RO', 'Romania', E],
  ['RS', 'Serbia', E],
  ['RU', 'Russian Federation', E],
  ['RW', 'Rwanda', A],
  ['SA', 'Saudi Arabia', P],
  ['SB', 'Solomon Islands', P],
  ['SC', 'Seychelles', A],
  ['SD', 'Sudan', A],
  ['SE', 'Sweden', E],
  ['SG', 'Singapore', P],
  ['SH', 'Saint Helena, Ascension and Tristan da Cunha', A],
  ['SI', 'Slovenia', E],
  ['SJ', 'Svalbard and Jan Mayen', E],
  ['SK', 'Slovakia', E],
  ['SL', 'Sierra Leone', A],
  ['SM', 'San Marino', E],
  ['SN', 'Senegal', A],
  ['SO', 'Somalia', A],
  ['SR', 'Suriname', L],
  ['SS', 'South Sudan', A],
  ['ST', 'Sao Tome and Principe', A],
  ['SV', 'El Salvador', L],
  ['SX', 'Sint Maarten (Dutch part)', L],
  ['SY', 'Syrian Arab Republic', P],
  ['SZ', 'Eswatini', A],
  ['TC', 'Turks and Caicos Islands', L],
  ['TD', 'Chad', A],
  ['TF', 'French Southern Territories', A],
  ['TG', 'Togo', A],
  ['TH', 'Thailand', P],
  ['TJ', 'Tajikistan', P],
  ['TK', 'Tokelau', P],
  ['TL', 'Timor-Leste', P],
  ['TM', 'Turkmenistan', P],
  ['TN', 'Tunisia', A],
  ['TO', 'Tonga', P],
  ['TR', 'Türkiye', E],
  ['TT', 'Trinidad and Tobago', L],
  ['TV', 'Tuvalu', P],
  ['TW', 'Taiwan, Province of China', P],
  ['TZ', 'Tanzania, United Republic of', A],
  ['UA', 'Ukraine', E],
  ['UG', 'Uganda', A],
  ['UM', 'United States Minor Outlying Islands', P],
  ['US', 'United States of America', N],
  ['UY', 'Uruguay', L],
  ['UZ', 'Uzbekistan', P],
  ['VA', 'Holy See', E],
  ['VC', 'Saint Vincent and the Grenadines', L],
  ['VE', 'Venezuela (Bolivarian Republic of)', L],
  ['VG', 'Virgin Islands (British)', L],
  ['VI', 'Virgin Islands (U.S.)', L],
  ['VN', 'Viet Nam', P],
  ['VU', 'Vanuatu', P],
  ['WF', 'Wallis and Futuna', P],
  ['WS', 'Samoa', P],
  ['YE', 'Yemen', P],
  ['YT', 'Mayotte', A],
  ['ZA', 'South Africa', A],
  ['ZM', 'Zambia', A],
  ['ZW', 'Zimbabwe', A],
];

/** All countries, ordered by code. */
export const COUNTRIES: readonly Country[] = COUNTRY_ROWS.map(([code, name, region]) => ({ code, name, region }));

const BY_CODE: ReadonlyMap<string, Country> = new Map(COUNTRIES.map((country) => [country.code, country]));

/** The codes of all countries, ordered. */
export const COUNTRY_CODES: readonly string[] = COUNTRIES.map((country) => country.code);

/** True for an officially assigned ISO 3166-1 alpha-2 code, upper case as the standard writes it. */
export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && BY_CODE.has(value);
}

/** The default region of a country, or undefined for a code that is not assigned. */
export function regionOfCountry(code: string): RegionCode | undefined {
  return BY_CODE.get(code)?.region;
}

/**
 * The name of a country in a working language. English is the ISO short name held above; French
 * and Spanish come from the runtime's Unicode data (Intl.DisplayNames, present in every Node
 * build with full ICU, the default), falling back to the English name where it has none.
 */
export function countryName(code: string, language: Language): string | undefined {
  const country = BY_CODE.get(code);
  if (!country) return undefined;
  if (language === 'en') return country.name;
  return displayNames(language)?.of(code) ?? country.name;
}

const displayNamesCache = new Map<Language, Intl.DisplayNames | null>();

function displayNames(language: Language): Intl.DisplayNames | null {
  if (!displayNamesCache.has(language)) {
    let names: Intl.DisplayNames | null;
    try {
      names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    } catch {
      // A runtime built without Intl region data: the English name is the fallback.
      names = null;
    }
    displayNamesCache.set(language, names);
  }
  return displayNamesCache.get(language) ?? null;
}
