/**
 * Active ISO 4217 alphabetic codes in which a dossier may state its budget and the funding it
 * seeks (list one of the standard as amended to 2026).
 *
 * Included: every national currency, the fund codes that serve as units of account in contracts
 * (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) and the supranational units of account used by
 * international organisations and development banks (XDR, XSU, XUA).
 * Left out, because no budget is stated in them: precious metals (XAG, XAU, XPD, XPT), the bond
 * market units (XBA, XBB, XBC, XBD), the testing code XTS and "no currency" XXX.
 * Left out, because they are no longer legal tender: ANG (replaced by XCG in 2025), BGN (euro
 * since 2026), CUC (2021), HRK (euro since 2023), SLL (replaced by SLE), ZWL (replaced by ZWG
 * in 2024).
 */
export const CURRENCY_CODES: readonly string[] = [
  'AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN',
  'BAM', 'BBD', 'BDT', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD',
  'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUP', 'CVE', 'CZK',
  'DJF', 'DKK', 'DOP', 'DZD',
  'EGP', 'ERN', 'ETB', 'EUR',
  'FJD', 'FKP',
  'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD',
  'HKD', 'HNL', 'HTG', 'HUF',
  'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK',
  'JMD', 'JOD', 'JPY',
  'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT',
  'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD',
  'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN',
  'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD',
  'OMR',
  'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG',
  'QAR',
  'RON', 'RSD', 'RUB', 'RWF',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL',
  'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS',
  'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU', 'UYW', 'UZS',
  'VED', 'VES', 'VND', 'VUV',
  'WST',
  'XAF', 'XCD', 'XCG', 'XDR', 'XOF', 'XPF', 'XSU', 'XUA',
  'YER',
  'ZAR', 'ZMW', 'ZWG',
];

const CURRENCY_SET: ReadonlySet<string> = new Set(CURRENCY_CODES);

/** True for an accepted ISO 4217 code, upper case as the standard writes it. */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && CURRENCY_SET.has(value);
}
