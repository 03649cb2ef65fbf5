import countries from 'i18n-iso-countries';

/**
 * Names OFAC writes that i18n-iso-countries does not know (it says "North Korea", "Myanmar",
 * "Syrian Arab Republic"…), keyed in lower case. Checked against every nationality, citizen
 * and identifier country in the shared OFAC snapshots; docs/blocklists.md lists the rest.
 */
const ofacCountryAliases: Readonly<Record<string, string>> = {
  'korea, north': 'KP',
  'korea, south': 'KR',
  burma: 'MM',
  syria: 'SY',
  laos: 'LA',
  moldova: 'MD',
  palestinian: 'PS',
  'region: gaza': 'PS',
  'region: west bank': 'PS',
  'west bank': 'PS',
  gaza: 'PS',
  'congo, democratic republic of the': 'CD',
  'congo, republic of the': 'CG',
  'macedonia, the former yugoslav republic of': 'MK',
  'north macedonia, the republic of': 'MK',
  macedonia: 'MK',
  'cabo verde': 'CV',
  'cote d ivoire': 'CI',
  brunei: 'BN',
  'bahamas, the': 'BS',
  'the bahamas': 'BS',
  'gambia, the': 'GM',
  'the gambia': 'GM',
  micronesia: 'FM',
  'micronesia, federated states of': 'FM',
  swaziland: 'SZ',
  curacao: 'CW',
  'sint maarten': 'SX',
  'holy see': 'VA',
  'vatican city': 'VA',
  'british virgin islands': 'VG',
  'st. kitts and nevis': 'KN',
  'st. vincent and the grenadines': 'VC',
  'st. lucia': 'LC',
  macau: 'MO',
  'timor-leste': 'TL',
  'east timor': 'TL',
  turkiye: 'TR',
  'russian federation': 'RU',
  iran: 'IR',
  russia: 'RU',
  venezuela: 'VE',
  vietnam: 'VN',
  'viet nam': 'VN',
  bolivia: 'BO',
  tanzania: 'TZ',
  kosovo: 'XK',
  'palestinian authority': 'PS',
  'man, isle of': 'IM',
  'u.k': 'GB',
  eritrean: 'ER',
};

/**
 * ISO 3166-1 alpha-2 code for a country as OFAC names it (`Korea, North` → `KP`,
 * `possibly Palestinian` → `PS`), or undefined when the name is not a country we know.
 * Kosovo gets `XK`, the user-assigned code the EU and most banks use for it.
 */
export function countryCodeFromName(name: string): string | undefined {
  const cleaned = name
    .trim()
    .replace(/\.$/, '')
    .replace(/^possibly\s+/i, '')
    .replace(/\s+/g, ' ');
  if (cleaned === '') return undefined;
  const alias = ofacCountryAliases[cleaned.toLowerCase()];
  if (alias) return alias;
  return countries.getAlpha2Code(cleaned, 'en');
}
