import { CollegeCode, Language, PRACTICES, RegionCode } from '@fasp/core';

/**
 * The world of the demo: countries of each region with farming sites, people's names,
 * organisation names by stakeholder group, and the texts people write (dossiers, reviews,
 * feedback) in English, French and Spanish. Everything is invented; places are real regions
 * with coordinates inside the country.
 */

export interface Site {
  place: string;
  lat: number;
  lon: number;
  /** language of dossiers written there, when not the country's (Québec) */
  language?: Language;
}

export interface CountryProfile {
  code: string;
  language: Language;
  currency: string;
  sites: readonly Site[];
  people: readonly string[];
}

const C = (code: string, language: Language, currency: string, sites: Site[], people: string[]): CountryProfile => ({ code, language, currency, sites, people });
const s = (place: string, lat: number, lon: number, language?: Language): Site => ({ place, lat, lon, ...(language && { language }) });

/** Countries of each region, in the order organisations are spread over them. */
export const REGION_COUNTRIES: Readonly<Record<RegionCode, readonly CountryProfile[]>> = {
  europe: [
    C('FR', 'fr', 'EUR', [s('Beauce', 48.3, 1.5), s('Gers', 43.65, 0.58), s('Bourgogne', 47.2, 4.9)], ['Camille Martin', 'Julien Moreau', 'Claire Dubois', 'Thomas Lefèvre', 'Élodie Girard']),
    C('DE', 'en', 'EUR', [s('Uckermark', 53.1, 13.8), s('Niederbayern', 48.54, 12.15)], ['Anna Müller', 'Lukas Schneider', 'Katrin Weber', 'Jonas Hoffmann']),
    C('ES', 'es', 'EUR', [s('Extremadura', 39.47, -6.37), s('Jaén', 37.77, -3.79), s('Valladolid', 41.65, -4.72)], ['Lucía Fernández', 'Javier Martínez', 'Carmen Ruiz', 'Pablo Sánchez']),
    C('IT', 'en', 'EUR', [s('Emilia-Romagna', 44.6, 11.4), s('Siena', 43.3, 11.3)], ['Giulia Rossi', 'Marco Bianchi', 'Francesca Romano', 'Luca Ferrari']),
    C('GB', 'en', 'GBP', [s('Norfolk', 52.65, 1.0), s('Devon', 50.75, -3.8)], ['Emily Clarke', 'James Whitfield', 'Hannah Price', 'Oliver Bennett']),
    C('NL', 'en', 'EUR', [s('Flevoland', 52.5, 5.6)], ['Sanne de Vries', 'Bram Jansen', 'Femke Bakker']),
    C('BE', 'fr', 'EUR', [s('Hesbaye', 50.56, 4.69)], ['Nathalie Lambert', 'Olivier Dupont', 'Manon Leclercq']),
    C('PL', 'en', 'PLN', [s('Wielkopolska', 52.4, 16.9)], ['Katarzyna Nowak', 'Piotr Kowalski', 'Agnieszka Wójcik']),
    C('PT', 'en', 'EUR', [s('Alentejo', 38.57, -7.9)], ['Inês Carvalho', 'Rui Almeida', 'Marta Pereira']),
    C('IE', 'en', 'EUR', [s('Tipperary', 52.6, -7.8)], ['Aoife Murphy', 'Ciarán Byrne', 'Siobhán Kelly']),
    C('DK', 'en', 'DKK', [s('Viborg', 56.45, 9.4)], ['Mette Nielsen', 'Anders Sørensen', 'Louise Jensen']),
    C('AT', 'en', 'EUR', [s('Weinviertel', 48.55, 16.3)], ['Johanna Gruber', 'Stefan Huber', 'Lena Wagner']),
    C('SE', 'en', 'SEK', [s('Skåne', 55.85, 13.6)], ['Erik Lindqvist', 'Karin Johansson', 'Maja Berg']),
    C('CH', 'fr', 'CHF', [s('Plateau vaudois', 46.6, 6.6)], ['Sylvie Rochat', 'Laurent Favre', 'Chloé Perrin']),
    C('GR', 'en', 'EUR', [s('Thessaly', 39.64, 22.42)], ['Eleni Papadopoulou', 'Nikos Georgiou', 'Maria Dimitriou']),
    C('RO', 'en', 'RON', [s('Bărăgan', 44.56, 27.37)], ['Andrei Popescu', 'Ioana Ionescu', 'Mihai Dumitru']),
    C('HU', 'en', 'HUF', [s('Kecskemét', 46.9, 19.7)], ['Zsófia Nagy', 'Gábor Kovács', 'Eszter Tóth']),
    C('CZ', 'en', 'CZK', [s('South Moravia', 48.95, 16.75)], ['Tomáš Novák', 'Petra Svobodová', 'Jan Dvořák']),
  ],
  africa: [
    C('SN', 'fr', 'XOF', [s('Kaffrine', 14.1, -15.55), s('Thiès', 14.75, -16.8)], ['Aminata Diallo', 'Moussa Ndiaye', 'Fatou Sarr', 'Ousmane Sow']),
    C('KE', 'en', 'KES', [s('Machakos', -1.52, 37.26), s('Nakuru', -0.3, 36.07)], ['Wanjiru Kamau', 'Peter Otieno', 'Amina Mwangi', 'Daniel Kiprop']),
    C('CI', 'fr', 'XOF', [s('Korhogo', 9.46, -5.63), s('Bouaké', 7.69, -5.03)], ['Kouadio Yao', 'Aya Kouassi', 'Mariam Coulibaly', 'Yacouba Ouattara']),
    C('ET', 'en', 'ETB', [s('Bahir Dar', 11.6, 37.4), s('Adama', 8.54, 39.27)], ['Tesfaye Bekele', 'Alemitu Gebre', 'Yohannes Tadesse', 'Selam Haile']),
    C('BF', 'fr', 'XOF', [s('Kaya', 13.1, -1.08), s('Ouahigouya', 13.58, -2.42)], ['Adama Ouédraogo', 'Issa Sawadogo', 'Salimata Compaoré', 'Awa Kaboré']),
    C('GH', 'en', 'GHS', [s('Tamale', 9.4, -0.85), s('Ashanti', 6.7, -1.6)], ['Kwame Mensah', 'Abena Owusu', 'Kofi Asante', 'Efua Boateng']),
    C('MA', 'fr', 'MAD', [s('Saïs', 33.9, -5.55), s('Haouz', 31.63, -8.0)], ['Youssef El Amrani', 'Salma Benali', 'Karim Alaoui', 'Nadia Berrada']),
    C('NG', 'en', 'NGN', [s('Kaduna', 10.5, 7.4), s('Oyo', 7.85, 3.93)], ['Chinedu Okafor', 'Ngozi Adeyemi', 'Ibrahim Musa', 'Funmilayo Ajayi']),
    C('ML', 'fr', 'XOF', [s('Ségou', 13.45, -6.26), s('Sikasso', 11.32, -5.67)], ['Boubacar Keïta', 'Awa Konaté', 'Seydou Traoré', 'Kadiatou Diarra']),
    C('TZ', 'en', 'TZS', [s('Dodoma', -6.17, 35.74), s('Morogoro', -6.82, 37.66)], ['Joseph Mushi', 'Neema Mollel', 'Baraka Msuya', 'Rehema Kimaro']),
    C('CM', 'fr', 'XAF', [s('Maroua', 10.59, 14.32), s('Bafoussam', 5.48, 10.42)], ['Jean-Pierre Mbarga', 'Solange Ngo Bassong', 'Hamadou Bello', 'Brigitte Fotso']),
    C('UG', 'en', 'UGX', [s('Mbale', 1.08, 34.17), s('Masaka', -0.33, 31.73)], ['Grace Nakato', 'Moses Okello', 'Esther Namubiru']),
    C('MG', 'fr', 'MGA', [s('Antsirabe', -19.87, 47.03), s('Alaotra', -17.5, 48.5)], ['Hery Rakotomalala', 'Voahangy Randrianarisoa', 'Fidy Andriamanana']),
    C('RW', 'en', 'RWF', [s('Huye', -2.6, 29.74)], ['Emmanuel Uwimana', 'Claudine Mukamana', 'Jean Bosco Habimana']),
    C('BJ', 'fr', 'XOF', [s('Parakou', 9.34, 2.63)], ['Rodrigue Houngbédji', 'Nafissatou Adjovi', 'Gildas Agossou']),
    C('ZA', 'en', 'ZAR', [s('Free State', -28.23, 28.3), s('Midlands', -29.6, 30.38)], ['Thandiwe Nkosi', 'Sipho Dlamini', 'Lerato Mokoena']),
    C('NE', 'fr', 'XOF', [s('Maradi', 13.5, 7.1), s('Tillabéri', 14.2, 1.45)], ['Abdoulaye Issoufou', 'Zeinabou Hama', 'Mahamadou Garba']),
    C('TN', 'fr', 'TND', [s('Kairouan', 35.68, 10.1), s('Siliana', 36.08, 9.37)], ['Mehdi Ben Salah', 'Nadia Trabelsi', 'Sami Gharbi']),
    C('TG', 'fr', 'XOF', [s('Dapaong', 10.86, 0.2)], ['Komlan Agbeko', 'Afi Mensah', 'Essowè Kpatcha']),
    C('ZM', 'en', 'ZMW', [s('Kabwe', -14.44, 28.45)], ['Mwila Banda', 'Chanda Mulenga', 'Bwalya Phiri']),
  ],
  asia_pacific: [
    C('IN', 'en', 'INR', [s('Ludhiana', 30.9, 75.85), s('Ahmednagar', 19.09, 74.74), s('Anantapur', 14.68, 77.6)], ['Priya Sharma', 'Rajesh Kumar', 'Anjali Reddy', 'Suresh Patil']),
    C('AU', 'en', 'AUD', [s('Merredin', -31.48, 118.28), s('Dubbo', -32.25, 148.6)], ['Sarah Mitchell', "Liam O'Connor", 'Chloe Nguyen', 'Jack Harris']),
    C('CN', 'en', 'CNY', [s("Yan'an", 36.6, 109.5), s('Songnen Plain', 46.6, 125.1)], ['Li Wei', 'Zhang Min', 'Wang Fang', 'Chen Jing']),
    C('ID', 'en', 'IDR', [s('Boyolali', -7.53, 110.6), s('Jambi', -1.6, 103.6)], ['Siti Rahayu', 'Budi Santoso', 'Dewi Lestari']),
    C('VN', 'en', 'VND', [s('Cần Thơ', 10.03, 105.78), s('Sơn La', 21.33, 103.9)], ['Nguyễn Thị Lan', 'Trần Văn Minh', 'Phạm Thu Hà']),
    C('JP', 'en', 'JPY', [s('Tokachi', 42.92, 143.2)], ['Yuki Tanaka', 'Hiroshi Sato', 'Aiko Suzuki']),
    C('PH', 'en', 'PHP', [s('Bukidnon', 8.05, 125.0), s('Nueva Ecija', 15.58, 121.0)], ['Maria Santos', 'Jose Reyes', 'Ana Dela Cruz']),
    C('NZ', 'en', 'NZD', [s('Canterbury', -43.6, 172.0), s('Waikato', -37.8, 175.3)], ['Aroha Ngata', 'Tom Wilson', 'Mere Parata']),
    C('BD', 'en', 'BDT', [s('Rajshahi', 24.37, 88.6)], ['Farhana Akter', 'Rahim Uddin', 'Nasrin Sultana']),
    C('NP', 'en', 'NPR', [s('Chitwan', 27.6, 84.4)], ['Sita Gurung', 'Bikash Shrestha', 'Anita Tamang']),
    C('TH', 'en', 'THB', [s('Khon Kaen', 16.43, 102.83)], ['Somchai Wongsa', 'Malee Srisuk', 'Anan Chaiyaporn']),
    C('LK', 'en', 'LKR', [s('Anuradhapura', 8.31, 80.4)], ['Nimal Perera', 'Chamari Fernando', 'Kasun Jayasinghe']),
    C('PK', 'en', 'PKR', [s('Faisalabad', 31.42, 73.08)], ['Ayesha Khan', 'Bilal Ahmed', 'Sana Malik']),
    C('KH', 'en', 'KHR', [s('Battambang', 13.1, 103.2)], ['Sokha Chan', 'Dara Kim', 'Sreymom Ly']),
    C('MN', 'en', 'MNT', [s('Övörkhangai', 46.27, 102.78)], ['Bolormaa Batbayar', 'Ganbold Dorj', 'Oyunaa Tseren']),
  ],
  north_america: [
    C('US', 'en', 'USD', [s('Iowa', 42.03, -93.62), s('Kansas', 38.84, -97.6), s('Central Valley', 36.74, -119.79), s('Vermont', 44.3, -72.6), s('Nebraska', 41.1, -98.6), s('Texas High Plains', 33.58, -101.85)], ['Emily Johnson', 'Michael Anderson', 'Jessica Brown', 'David Miller', 'Sarah Thompson', 'Robert Garcia']),
    C('CA', 'en', 'CAD', [s('Montérégie', 45.63, -72.96, 'fr'), s('Saskatchewan', 52.13, -106.67), s('Wellington County', 43.55, -80.25), s('Lethbridge', 49.7, -112.8)], ['Geneviève Tremblay', 'Olivia MacDonald', 'Marc Gagnon', 'Ryan Campbell', 'Isabelle Côté']),
  ],
  latin_america_caribbean: [
    C('MX', 'es', 'MXN', [s('Mixteca', 17.55, -97.5), s('Los Altos de Jalisco', 20.6, -103.3)], ['María José Hernández', 'Luis Ramírez', 'Guadalupe Torres', 'Alejandro Cruz']),
    C('PE', 'es', 'PEN', [s('Junín', -12.07, -75.2), s('Cajamarca', -7.16, -78.5)], ['Rosa Quispe', 'Luis Huamán', 'Carmen Mamani', 'Jorge Condori']),
    C('AR', 'es', 'ARS', [s('Pergamino', -33.89, -60.57), s('Córdoba', -32.2, -63.6)], ['Valentina Rojas', 'Martín Giménez', 'Florencia Acosta']),
    C('CO', 'es', 'COP', [s('Meta', 4.14, -73.63), s('Cauca', 2.45, -76.6)], ['Andrés Castillo', 'Gabriela Torres', 'Diego Herrera']),
    C('BR', 'en', 'BRL', [s('Rio Verde', -17.8, -50.9), s('Sorriso', -12.55, -55.7), s('Londrina', -23.3, -51.16)], ['João Silva', 'Ana Paula Oliveira', 'Rafael Costa', 'Mariana Souza']),
    C('HT', 'fr', 'HTG', [s('Plateau central', 19.15, -72.0)], ['Jean-Robert Pierre', 'Marie-Claire Joseph', 'Wilner Charles']),
    C('CL', 'es', 'CLP', [s('Maule', -35.43, -71.66)], ['Camila Muñoz', 'Sebastián Soto', 'Francisca Contreras']),
    C('EC', 'es', 'USD', [s('Chimborazo', -1.67, -78.65)], ['Paola Guamán', 'Wilson Yánez', 'Tania Ortiz']),
    C('BO', 'es', 'BOB', [s('Santa Cruz', -17.8, -63.2), s('Altiplano', -16.9, -68.4)], ['Rosa Mamani', 'Evaristo Choque', 'Lidia Apaza']),
    C('UY', 'es', 'UYU', [s('Paysandú', -32.3, -57.6)], ['Natalia Pereira', 'Gonzalo Silva', 'Lucía Méndez']),
    C('GT', 'es', 'GTQ', [s('Alta Verapaz', 15.47, -90.37)], ['Ana Gutiérrez', 'Carlos Mendoza', 'Lucía Xol']),
    C('CR', 'es', 'CRC', [s('Guanacaste', 10.6, -85.4)], ['Daniela Vargas', 'Esteban Jiménez', 'Mónica Solís']),
    C('PY', 'es', 'PYG', [s('Itapúa', -26.8, -55.9)], ['Fernando Benítez', 'Liz Ayala', 'Raúl Giménez']),
    C('NI', 'es', 'NIO', [s('Matagalpa', 12.93, -85.9)], ['Karla Aráuz', 'Julio Rocha', 'Martha Chavarría']),
    C('DO', 'es', 'DOP', [s('Cibao', 19.45, -70.7)], ['Yolanda Peña', 'Rafael Almonte', 'Miguelina Reyes']),
  ],
};

/* ------------------------------------------------------------------------------------------ */
/* Organisations                                                                               */
/* ------------------------------------------------------------------------------------------ */

type Templates = Readonly<Record<Language, readonly string[]>>;

/** Names by stakeholder group; `{place}` is a farming region of the country. */
const ORGANIZATION_NAMES: Readonly<Record<CollegeCode, Templates>> = {
  NGO: {
    en: ['{place} Soil Health Alliance', '{place} Farmers Resilience Network', 'Living Soils Trust of {place}', '{place} Land Stewardship Society'],
    fr: ['Association Sols Vivants de {place}', 'Réseau agroécologique de {place}', 'ONG Terres Fertiles {place}', 'Collectif pour les sols de {place}'],
    es: ['Fundación Suelos Vivos de {place}', 'Asociación Agroecológica de {place}', 'Red de Agricultores de {place}', 'Colectivo Tierra Fértil de {place}'],
  },
  BUS: {
    en: ['{place} Regenerative Foods Ltd', '{place} Agro Services Ltd', '{place} Carbon Farming Company', '{place} Compost Works Ltd'],
    fr: ['{place} Agro SA', 'Compost et Sols de {place} SARL', 'Société agricole de {place}', '{place} Bio-intrants SAS'],
    es: ['Agroindustrias de {place} S.A.', '{place} Café Sostenible S.A.', 'Compostas de {place} S.R.L.', 'Granos de {place} S.A.'],
  },
  SCI: {
    en: ['{place} Institute of Soil Science', '{place} Agricultural Research Station', 'University of {place}, Department of Agronomy', '{place} Centre for Dryland Farming'],
    fr: ['Institut de recherche agronomique de {place}', 'Université de {place}, Laboratoire des sols', 'Station de recherche agricole de {place}', 'École supérieure d’agronomie de {place}'],
    es: ['Instituto de Investigaciones Agropecuarias de {place}', 'Universidad de {place}, Facultad de Agronomía', 'Estación Experimental de {place}', 'Centro de Estudios del Suelo de {place}'],
  },
  PROD: {
    en: ['{place} Farmers Cooperative', '{place} Pastoralists Union', '{place} Smallholder Growers Association', '{place} Dairy Producers Cooperative'],
    fr: ['Coopérative agricole de {place}', 'Union des producteurs de {place}', 'Groupement des éleveurs de {place}', 'Fédération paysanne de {place}'],
    es: ['Cooperativa Agraria de {place}', 'Asociación de Productores de {place}', 'Unión de Ganaderos de {place}', 'Cooperativa Cafetalera de {place}'],
  },
  GOV: {
    en: ['{place} Department of Agriculture', '{place} Soil Conservation Service', '{place} Regional Land Authority', '{place} District Agricultural Office'],
    fr: ['Direction régionale de l’agriculture de {place}', 'Agence régionale de conservation des sols de {place}', 'Office de développement rural de {place}', 'Conseil départemental de {place}'],
    es: ['Secretaría de Agricultura de {place}', 'Servicio de Conservación de Suelos de {place}', 'Gobierno Regional de {place}', 'Instituto de Desarrollo Rural de {place}'],
  },
  IO: {
    en: ['{place} Landscape Restoration Facility', 'International Centre for Soils, {place} Office', '{place} Programme of the Regional Development Bank', 'Global Drylands Partnership, {place} Hub'],
    fr: ['Facilité de restauration des paysages de {place}', 'Centre international pour les sols, bureau de {place}', 'Programme régional de {place} de la Banque de développement', 'Partenariat mondial des terres sèches, pôle de {place}'],
    es: ['Mecanismo de Restauración de Paisajes de {place}', 'Centro Internacional de Suelos, oficina de {place}', 'Programa de {place} del Banco Regional de Desarrollo', 'Alianza Mundial de Tierras Secas, sede de {place}'],
  },
  FUND: {
    en: ['{place} Climate and Soil Fund', '{place} Community Foundation for the Land', '{place} Green Investment Trust', '{place} Agroecology Fund'],
    fr: ['Fondation {place} pour la Terre', 'Fonds climat et sols de {place}', 'Fonds agroécologique de {place}', 'Fondation rurale de {place}'],
    es: ['Fondo {place} para el Suelo', 'Fundación Comunitaria de {place}', 'Fondo Verde de {place}', 'Fondo Agroecológico de {place}'],
  },
};

export function organizationName(college: CollegeCode, language: Language, place: string, variant: number): string {
  const templates = ORGANIZATION_NAMES[college][language];
  return templates[variant % templates.length].replace('{place}', place);
}

export const ORGANIZATION_NAME_VARIANTS = 4;

/** Lower-case ASCII words joined by dashes, for email addresses and domains. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/* ------------------------------------------------------------------------------------------ */
/* The reviewer pool: a standing committee and external experts, the same from call to call    */
/* ------------------------------------------------------------------------------------------ */

export interface PoolReviewer {
  name: string;
  /** local part of the address, under the demo's reviewer domain */
  mailbox: string;
  language: Language;
  stcMember: boolean;
  languages: readonly Language[];
  practices: readonly string[];
  landUses: readonly string[];
  disciplines: readonly string[];
  criteriaFocus: readonly string[];
  regions: readonly RegionCode[];
  countries: readonly string[];
}

const R = (
  name: string,
  language: Language,
  stcMember: boolean,
  languages: Language[],
  practices: string[],
  landUses: string[],
  disciplines: string[],
  criteriaFocus: string[],
  regions: RegionCode[],
  countries: string[],
): PoolReviewer => ({ name, mailbox: slug(name.replace(/^(Dr|Prof\.?|Dra\.)\s+/, '')).replace(/-/g, '.'), language, stcMember, languages, practices, landUses, disciplines, criteriaFocus, regions, countries });

/**
 * The first six cover the three languages with STC members who can lead in each, so a reduced
 * demo is feasible; the others widen expertise and capacity.
 */
export const REVIEWER_POOL: readonly PoolReviewer[] = [
  R('Prof. Hélène Marchetti', 'fr', true, ['en', 'fr', 'es'], ['agroforestry', 'organic_amendments', 'restoration'], ['cropland', 'agroforestry_system', 'degraded_land'], ['soil_science', 'biogeochemistry'], ['2.1', '2.2', '4.2'], ['africa', 'europe'], ['SN', 'BF', 'FR']),
  R('Dr Ibrahima Fall', 'fr', true, ['en', 'fr'], ['agroforestry', 'restoration', 'erosion_control'], ['degraded_land', 'cropland', 'rangeland'], ['agronomy', 'social_science'], ['1.2', '1.3', '2.3'], ['africa'], ['SN', 'ML', 'NE', 'BF']),
  R('Dra. Beatriz Salgado', 'es', true, ['en', 'es'], ['rotational_grazing', 'grassland_management', 'no_tillage'], ['grassland', 'rangeland', 'cropland'], ['soil_science', 'livestock_pasture'], ['2.2', '2.4', '3.1'], ['latin_america_caribbean'], ['AR', 'UY', 'BR']),
  R('Dr Samuel Osei', 'en', false, ['en', 'fr', 'es'], ['cover_crops', 'crop_rotation', 'integrated_nutrient_management'], ['cropland'], ['agronomy', 'economics'], ['3.3', '2.3'], ['africa', 'latin_america_caribbean'], ['GH', 'NG', 'CI']),
  R('Dr Claire Vasseur', 'fr', false, ['en', 'fr'], ['compost', 'organic_amendments', 'cover_crops'], ['cropland', 'orchard_vineyard'], ['biogeochemistry', 'mrv'], ['4.2', '2.2'], ['europe', 'north_america'], ['FR', 'BE', 'CA']),
  R('Dr Tomás Aguirre', 'es', false, ['en', 'es'], ['agroforestry', 'reforestation', 'erosion_control'], ['agroforestry_system', 'forest', 'degraded_land'], ['forestry', 'ecology'], ['3.1', '3.2'], ['latin_america_caribbean'], ['MX', 'PE', 'CO', 'GT']),
  R('Prof. Anneli Korhonen', 'en', true, ['en', 'fr'], ['wetland_restoration', 'grassland_management'], ['peatland', 'wetland', 'grassland'], ['biogeochemistry', 'climate_science'], ['2.5', '2.2', '4.2'], ['europe'], ['FI', 'SE', 'IE', 'DE']),
  R('Dr Meera Iyer', 'en', false, ['en'], ['residue_retention', 'biochar', 'irrigation_management'], ['paddy_rice', 'cropland'], ['soil_science', 'statistics_modelling'], ['2.2', '2.5'], ['asia_pacific'], ['IN', 'BD', 'NP']),
  R('Prof. Joaquín Ferreyra', 'es', true, ['en', 'es'], ['no_tillage', 'cover_crops', 'crop_rotation'], ['cropland'], ['agronomy', 'soil_science'], ['2.1', '2.2', '3.3'], ['latin_america_caribbean', 'europe'], ['AR', 'ES', 'CL']),
  R('Dr Grace Wanjiku', 'en', false, ['en', 'fr'], ['rotational_grazing', 'restoration'], ['rangeland', 'grassland'], ['livestock_pasture', 'gender_inclusion'], ['1.1', '1.3', '4.1'], ['africa'], ['KE', 'TZ', 'ET']),
  R('Prof. Daniel Whitaker', 'en', true, ['en'], ['cover_crops', 'no_tillage', 'crop_livestock_integration'], ['cropland', 'grassland'], ['soil_science', 'remote_sensing'], ['4.2', '2.2'], ['north_america', 'asia_pacific'], ['US', 'CA', 'AU']),
  R('Dr Lucía Montoya', 'es', false, ['en', 'es'], ['agroforestry', 'mulching', 'compost'], ['agroforestry_system', 'orchard_vineyard'], ['ecology', 'finance'], ['3.1', '3.3'], ['latin_america_caribbean'], ['CO', 'EC', 'CR']),
  R('Dr Kenji Watanabe', 'en', false, ['en'], ['biochar', 'residue_retention', 'reduced_tillage'], ['paddy_rice', 'cropland'], ['biogeochemistry', 'mrv'], ['2.5', '4.2'], ['asia_pacific'], ['JP', 'VN', 'ID', 'PH']),
  R('Prof. Nadia Benkirane', 'fr', true, ['en', 'fr', 'es'], ['erosion_control', 'restoration', 'irrigation_management'], ['degraded_land', 'cropland', 'orchard_vineyard'], ['hydrology', 'law_land_rights'], ['1.2', '3.2', '4.1'], ['africa', 'europe'], ['MA', 'TN', 'ES']),
  R('Dr Élise Fournier', 'fr', false, ['en', 'fr'], ['grassland_management', 'crop_livestock_integration', 'cover_crops'], ['grassland', 'cropland'], ['agronomy', 'policy'], ['4.1', '3.3'], ['europe', 'north_america'], ['FR', 'CH', 'CA']),
];

/* ------------------------------------------------------------------------------------------ */
/* Dossiers                                                                                    */
/* ------------------------------------------------------------------------------------------ */

type Texts = Readonly<Record<Language, string>>;

export interface Theme {
  code: string;
  practices: readonly string[];
  landUses: readonly string[];
  objectives: readonly string[];
  projectType: string;
  title: Texts;
  summary: Texts;
  /** SOC stock at 0-30 cm, t C/ha, and expected change, t C/ha/yr */
  stock: readonly [number, number];
  rate: readonly [number, number];
  /** criteria the holder and reviewers find not applicable */
  notApplicable: readonly string[];
  /** typical size, ha */
  area: readonly [number, number];
}

const T = (en: string, fr: string, es: string): Texts => ({ en, fr, es });

export const THEMES: readonly Theme[] = [
  {
    code: 'parklands',
    practices: ['agroforestry', 'organic_amendments', 'compost'],
    landUses: ['cropland', 'agroforestry_system'],
    objectives: ['mitigation', 'adaptation', 'food_security'],
    projectType: 'project',
    title: T('Agroforestry parklands for soil carbon in {place}', 'Parcs agroforestiers pour le carbone des sols à {place}', 'Parques agroforestales para el carbono del suelo en {place}'),
    summary: T(
      'Farmers of {place} regenerate trees in their fields through farmer-managed natural regeneration and return compost and crop residues to the soil on {area} ha of cropland, with {households} households.',
      'Les agriculteurs de {place} régénèrent les arbres dans leurs champs par la régénération naturelle assistée et restituent compost et résidus de culture au sol sur {area} ha de terres cultivées, avec {households} ménages.',
      'Los agricultores de {place} regeneran los árboles en sus parcelas mediante regeneración natural asistida y devuelven compost y rastrojos al suelo en {area} ha de cultivos, con {households} hogares.',
    ),
    stock: [9, 16],
    rate: [0.25, 0.45],
    notApplicable: [],
    area: [800, 6000],
  },
  {
    code: 'conservation_agriculture',
    practices: ['no_tillage', 'cover_crops', 'residue_retention', 'crop_rotation'],
    landUses: ['cropland'],
    objectives: ['mitigation', 'adaptation', 'food_security'],
    projectType: 'practice',
    title: T('Conservation agriculture on the farms of {place}', 'Agriculture de conservation dans les exploitations de {place}', 'Agricultura de conservación en las fincas de {place}'),
    summary: T(
      'Grain farms of {place} move to direct seeding with permanent cover crops and longer rotations on {area} ha, advised by a network of demonstration farms, reaching {households} farming families.',
      'Les exploitations céréalières de {place} passent au semis direct sous couvert permanent avec des rotations allongées sur {area} ha, accompagnées par un réseau de fermes de démonstration, soit {households} familles.',
      'Las fincas de granos de {place} adoptan la siembra directa con cultivos de cobertura permanentes y rotaciones más largas en {area} ha, con una red de fincas demostrativas y {households} familias.',
    ),
    stock: [38, 62],
    rate: [0.2, 0.5],
    notApplicable: [],
    area: [2000, 25000],
  },
  {
    code: 'grazing',
    practices: ['rotational_grazing', 'grassland_management'],
    landUses: ['rangeland', 'grassland'],
    objectives: ['mitigation', 'adaptation'],
    projectType: 'project',
    title: T('Planned rotational grazing to rebuild the rangelands of {place}', 'Pâturage tournant planifié pour restaurer les parcours de {place}', 'Pastoreo rotativo planificado para recuperar los pastizales de {place}'),
    summary: T(
      'Herders of {place} organise grazing in paddocks with rest periods, restore water points and reseed native grasses on {area} ha of communal rangeland, with {households} pastoral households.',
      'Les éleveurs de {place} organisent le pâturage en parcelles avec des périodes de repos, réhabilitent les points d’eau et ressèment des graminées locales sur {area} ha de parcours communs, avec {households} ménages pastoraux.',
      'Los ganaderos de {place} organizan el pastoreo en potreros con períodos de descanso, rehabilitan aguadas y resiembran pastos nativos en {area} ha de pastizales comunales, con {households} hogares ganaderos.',
    ),
    stock: [18, 45],
    rate: [0.15, 0.4],
    notApplicable: ['2.3'],
    area: [5000, 40000],
  },
  {
    code: 'market_gardens',
    practices: ['compost', 'organic_amendments', 'mulching'],
    landUses: ['cropland'],
    objectives: ['food_security', 'adaptation', 'mitigation'],
    projectType: 'project',
    title: T('Compost and mulch for the market gardens of {place}', 'Compost et paillage pour les jardins maraîchers de {place}', 'Compost y acolchado para las huertas de {place}'),
    summary: T(
      'Women’s market-gardening groups of {place} produce compost from town and farm waste and mulch their beds on {area} ha, to raise soil organic matter and yields for {households} households.',
      'Les groupements maraîchers féminins de {place} produisent du compost à partir des déchets urbains et agricoles et paillent leurs planches sur {area} ha, pour relever la matière organique des sols et les rendements de {households} ménages.',
      'Los grupos de mujeres horticultoras de {place} producen compost con residuos urbanos y agrícolas y acolchan sus camas en {area} ha, para aumentar la materia orgánica y los rendimientos de {households} hogares.',
    ),
    stock: [12, 30],
    rate: [0.4, 0.8],
    notApplicable: ['2.5'],
    area: [150, 900],
  },
  {
    code: 'land_restoration',
    practices: ['restoration', 'erosion_control', 'organic_amendments'],
    landUses: ['degraded_land', 'cropland'],
    objectives: ['adaptation', 'food_security', 'mitigation'],
    projectType: 'project',
    title: T('Restoring degraded land with zaï pits and stone bunds in {place}', 'Restauration des terres dégradées par le zaï et les cordons pierreux à {place}', 'Restauración de tierras degradadas con zaï y cordones de piedra en {place}'),
    summary: T(
      'Communities of {place} rehabilitate crusted, eroded plateaus with zaï pits filled with manure, half-moons and stone bunds on {area} ha, bringing land back into production for {households} households.',
      'Les communautés de {place} réhabilitent des glacis encroûtés et érodés avec des trous de zaï fumés, des demi-lunes et des cordons pierreux sur {area} ha, remettant les terres en culture pour {households} ménages.',
      'Las comunidades de {place} rehabilitan mesetas encostradas y erosionadas con hoyos zaï abonados, medialunas y cordones de piedra en {area} ha, devolviendo la tierra a la producción para {households} hogares.',
    ),
    stock: [5, 12],
    rate: [0.3, 0.6],
    notApplicable: [],
    area: [600, 4000],
  },
  {
    code: 'rice_biochar',
    practices: ['biochar', 'residue_retention', 'irrigation_management'],
    landUses: ['paddy_rice'],
    objectives: ['mitigation', 'food_security'],
    projectType: 'project',
    title: T('Rice-husk biochar and alternate wetting and drying in the paddies of {place}', 'Biochar de balle de riz et irrigation alternée dans les rizières de {place}', 'Biocarbón de cascarilla de arroz y riego intermitente en los arrozales de {place}'),
    summary: T(
      'Rice farmers of {place} turn husks into biochar in village kilns, incorporate it with straw instead of burning, and adopt alternate wetting and drying on {area} ha, with {households} households.',
      'Les riziculteurs de {place} transforment la balle de riz en biochar dans des fours villageois, l’incorporent avec la paille au lieu de la brûler et adoptent l’irrigation alternée sur {area} ha, avec {households} ménages.',
      'Los arroceros de {place} convierten la cascarilla en biocarbón en hornos comunitarios, lo incorporan con la paja en lugar de quemarla y adoptan el riego intermitente en {area} ha, con {households} hogares.',
    ),
    stock: [25, 45],
    rate: [0.5, 1.1],
    notApplicable: [],
    area: [1000, 8000],
  },
  {
    code: 'coffee_agroforestry',
    practices: ['agroforestry', 'mulching', 'compost'],
    landUses: ['agroforestry_system', 'orchard_vineyard'],
    objectives: ['adaptation', 'mitigation', 'food_security'],
    projectType: 'project',
    title: T('Shade trees and living soils for the coffee and cocoa farms of {place}', 'Arbres d’ombrage et sols vivants pour les plantations de café et de cacao de {place}', 'Árboles de sombra y suelos vivos para los cafetales y cacaotales de {place}'),
    summary: T(
      'Smallholders of {place} diversify their coffee and cocoa plots with shade and fruit trees, compost pulp and prunings, and mulch slopes on {area} ha, with {households} households.',
      'Les petits producteurs de {place} diversifient leurs parcelles de café et de cacao avec des arbres d’ombrage et fruitiers, compostent la pulpe et les résidus de taille et paillent les pentes sur {area} ha, avec {households} ménages.',
      'Los pequeños productores de {place} diversifican sus parcelas de café y cacao con árboles de sombra y frutales, compostan la pulpa y las podas y acolchan las laderas en {area} ha, con {households} hogares.',
    ),
    stock: [40, 75],
    rate: [0.3, 0.7],
    notApplicable: [],
    area: [400, 3000],
  },
  {
    code: 'peatland',
    practices: ['wetland_restoration', 'grassland_management'],
    landUses: ['peatland', 'wetland', 'grassland'],
    objectives: ['mitigation', 'adaptation'],
    projectType: 'project',
    title: T('Rewetting drained peat meadows in {place}', 'Réhumidification des prairies tourbeuses drainées de {place}', 'Rehumectación de praderas de turba drenadas en {place}'),
    summary: T(
      'Farmers and the water board of {place} raise water tables on drained peat meadows, shift to wet grassland and paludiculture on {area} ha, and stop the loss of peat carbon, with {households} farms.',
      'Les agriculteurs et le syndicat des eaux de {place} relèvent les nappes dans les prairies tourbeuses drainées et passent à la prairie humide et à la paludiculture sur {area} ha pour arrêter la perte de carbone, avec {households} exploitations.',
      'Agricultores y la junta de aguas de {place} elevan el nivel freático de praderas de turba drenadas y pasan a pastizales húmedos y paludicultura en {area} ha, para frenar la pérdida de carbono, con {households} explotaciones.',
    ),
    stock: [250, 480],
    rate: [0.8, 2.5],
    notApplicable: ['2.3'],
    area: [300, 2500],
  },
  {
    code: 'vineyards',
    practices: ['cover_crops', 'reduced_tillage', 'compost'],
    landUses: ['orchard_vineyard'],
    objectives: ['mitigation', 'adaptation'],
    projectType: 'practice',
    title: T('Green cover between the vines and orchards of {place}', 'Couverts végétaux dans les vignes et vergers de {place}', 'Cubiertas vegetales en viñedos y frutales de {place}'),
    summary: T(
      'Growers of {place} keep sown or spontaneous cover between rows, reduce tillage and return composted pomace on {area} ha of vineyards and orchards, with {households} estates.',
      'Les viticulteurs et arboriculteurs de {place} maintiennent un couvert semé ou spontané dans les inter-rangs, réduisent le travail du sol et restituent les marcs compostés sur {area} ha, avec {households} domaines.',
      'Los productores de {place} mantienen cubiertas sembradas o espontáneas entre hileras, reducen la labranza y devuelven orujo compostado en {area} ha de viñedos y frutales, con {households} fincas.',
    ),
    stock: [28, 48],
    rate: [0.3, 0.6],
    notApplicable: ['2.3'],
    area: [400, 5000],
  },
  {
    code: 'crop_livestock',
    practices: ['crop_livestock_integration', 'crop_rotation', 'integrated_nutrient_management'],
    landUses: ['cropland', 'grassland'],
    objectives: ['mitigation', 'food_security', 'adaptation'],
    projectType: 'project',
    title: T('Leys, legumes and livestock back in the rotations of {place}', 'Prairies temporaires, légumineuses et élevage dans les rotations de {place}', 'Praderas temporales, leguminosas y ganado en las rotaciones de {place}'),
    summary: T(
      'Mixed farms of {place} bring multi-species leys and legumes back into arable rotations, exchange manure between crop and livestock farms and balance nutrients on {area} ha, with {households} farms.',
      'Les exploitations de polyculture-élevage de {place} réintroduisent prairies multi-espèces et légumineuses dans les rotations, échangent les fumiers entre fermes et équilibrent la fertilisation sur {area} ha, avec {households} exploitations.',
      'Las fincas mixtas de {place} reincorporan praderas multiespecie y leguminosas en las rotaciones, intercambian estiércol entre fincas y equilibran los nutrientes en {area} ha, con {households} explotaciones.',
    ),
    stock: [35, 60],
    rate: [0.25, 0.55],
    notApplicable: [],
    area: [1500, 12000],
  },
  {
    code: 'hillside_reforestation',
    practices: ['reforestation', 'erosion_control', 'agroforestry'],
    landUses: ['degraded_land', 'forest'],
    objectives: ['mitigation', 'adaptation'],
    projectType: 'project',
    title: T('Terraces and native trees on the eroded hillsides of {place}', 'Terrasses et arbres indigènes sur les versants érodés de {place}', 'Terrazas y árboles nativos en las laderas erosionadas de {place}'),
    summary: T(
      'Watershed committees of {place} rebuild terraces, plant native trees on the steepest slopes and protect gullies on {area} ha, to hold the soil and store carbon, with {households} households.',
      'Les comités de bassin versant de {place} reconstruisent des terrasses, plantent des arbres indigènes sur les pentes les plus fortes et protègent les ravines sur {area} ha, pour retenir le sol et stocker du carbone, avec {households} ménages.',
      'Los comités de cuenca de {place} reconstruyen terrazas, plantan árboles nativos en las pendientes más fuertes y protegen cárcavas en {area} ha, para retener el suelo y almacenar carbono, con {households} hogares.',
    ),
    stock: [15, 40],
    rate: [0.4, 0.9],
    notApplicable: ['2.3'],
    area: [500, 5000],
  },
];

/** Themes that suit each region, in order of preference. */
export const REGION_THEMES: Readonly<Record<RegionCode, readonly string[]>> = {
  africa: ['parklands', 'land_restoration', 'grazing', 'market_gardens', 'coffee_agroforestry', 'crop_livestock'],
  europe: ['conservation_agriculture', 'vineyards', 'crop_livestock', 'peatland', 'grazing'],
  asia_pacific: ['rice_biochar', 'conservation_agriculture', 'hillside_reforestation', 'grazing', 'coffee_agroforestry'],
  north_america: ['conservation_agriculture', 'grazing', 'vineyards', 'crop_livestock'],
  latin_america_caribbean: ['coffee_agroforestry', 'grazing', 'hillside_reforestation', 'conservation_agriculture'],
};

export function practiceLabels(codes: readonly string[], language: Language): string {
  const labels = codes.map((code) => PRACTICES.find((entry) => entry.code === code)?.labels[language] ?? code);
  const and = { en: 'and', fr: 'et', es: 'y' }[language];
  const lower = labels.map((label, index) => (index === 0 ? label : label.charAt(0).toLowerCase() + label.slice(1)));
  return lower.length > 1 ? `${lower.slice(0, -1).join(', ')} ${and} ${lower.at(-1)}` : (lower[0] ?? '');
}

/** Fills `{key}` placeholders. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

export const TEXTS = {
  socMethod: T(
    'Dry combustion of composite samples at 0-30 cm, bulk density by core method, stocks on an equivalent soil mass basis',
    'Combustion sèche d’échantillons composites sur 0-30 cm, densité apparente au cylindre, stocks à masse de sol équivalente',
    'Combustión seca de muestras compuestas a 0-30 cm, densidad aparente por cilindro, stocks a masa de suelo equivalente',
  ),
  socMethodRevised: T(
    'Stratified random sampling of {plots} georeferenced plots at 0-30 cm before the first season; dry combustion; equivalent soil mass',
    'Échantillonnage aléatoire stratifié de {plots} placettes géoréférencées sur 0-30 cm avant la première saison ; combustion sèche ; masse de sol équivalente',
    'Muestreo aleatorio estratificado de {plots} parcelas georreferenciadas a 0-30 cm antes de la primera campaña; combustión seca; masa de suelo equivalente',
  ),
  monitoringPlan: T(
    'Resampling of {plots} georeferenced plots every {years} years at 0-30 cm; yearly practice surveys of participating farms; remote sensing of vegetation cover; results shared with farmers at an annual field day.',
    'Rééchantillonnage de {plots} placettes géoréférencées tous les {years} ans sur 0-30 cm ; enquête annuelle sur les pratiques des exploitations participantes ; suivi du couvert végétal par télédétection ; restitution annuelle aux agriculteurs lors d’une journée au champ.',
    'Remuestreo de {plots} parcelas georreferenciadas cada {years} años a 0-30 cm; encuesta anual de prácticas en las fincas participantes; seguimiento de la cobertura vegetal por teledetección; devolución anual a los agricultores en un día de campo.',
  ),
  monitoringPlanRevised: T(
    'A baseline campaign on {plots} plots before the first season, then resampling every {years} years at 0-30 and 30-60 cm on an equivalent soil mass basis, with an uncertainty target of ±15 %; soil carbon data published in an open repository.',
    'Une campagne de référence sur {plots} placettes avant la première saison, puis un rééchantillonnage tous les {years} ans sur 0-30 et 30-60 cm à masse de sol équivalente, avec une incertitude visée de ±15 % ; données de carbone des sols publiées en libre accès.',
    'Una campaña de línea base en {plots} parcelas antes de la primera campaña y luego remuestreo cada {years} años a 0-30 y 30-60 cm a masa de suelo equivalente, con una incertidumbre objetivo de ±15 %; datos de carbono del suelo publicados en acceso abierto.',
  ),
  beneficiaries: T(
    '{households} farming households of {place}, of which at least 40 % led by women, and the young people trained as soil advisers',
    '{households} ménages agricoles de {place}, dont au moins 40 % dirigés par des femmes, et les jeunes formés comme conseillers en sols',
    '{households} hogares agricultores de {place}, de los cuales al menos el 40 % encabezados por mujeres, y los jóvenes formados como asesores de suelos',
  ),
  partnerRole: T('soil sampling and laboratory analyses', 'échantillonnage des sols et analyses de laboratoire', 'muestreo de suelos y análisis de laboratorio'),
  partnerRole2: T('farmer training and extension', 'formation et conseil aux agriculteurs', 'capacitación y extensión agrícola'),
  coordinator: T('project coordinator', 'coordination du projet', 'coordinación del proyecto'),
  soilScientist: T('soil scientist', 'pédologue', 'edafólogo/a'),
  revisedSummary: T(
    ' Following the Committee’s feedback, a baseline campaign on {plots} plots precedes the first season and the monitoring design was strengthened.',
    ' À la suite du retour du Comité, une campagne de référence sur {plots} placettes précède la première saison et le dispositif de suivi a été renforcé.',
    ' Tras los comentarios del Comité, una campaña de línea base en {plots} parcelas precede la primera campaña y se reforzó el diseño de seguimiento.',
  ),
  conceptNote: T('Concept note', 'Note conceptuelle', 'Nota conceptual'),
  tenureLetter: T('Land tenure agreements of the participating farms', 'Accords fonciers des exploitations participantes', 'Acuerdos de tenencia de la tierra de las fincas participantes'),
  infoRequest: T(
    'Please give the boundaries of the project area (a polygon rather than a point) and attach the land tenure agreements of the participating farms.',
    'Merci d’indiquer les limites de la zone du projet (un polygone plutôt qu’un point) et de joindre les accords fonciers des exploitations participantes.',
    'Indique los límites del área del proyecto (un polígono en lugar de un punto) y adjunte los acuerdos de tenencia de la tierra de las fincas participantes.',
  ),
  refusal: T(
    'The request is for the purchase of machinery without a soil management component: it serves no objective of the Initiative as submitted. You are welcome to submit a revised project to a later call.',
    'La demande porte sur l’achat de matériel sans volet de gestion des sols : telle que déposée, elle ne sert aucun objectif de l’Initiative. Vous pouvez déposer un projet remanié lors d’un prochain appel.',
    'La solicitud se refiere a la compra de maquinaria sin componente de manejo del suelo: tal como se presentó, no sirve a ningún objetivo de la Iniciativa. Puede presentar un proyecto revisado en una próxima convocatoria.',
  ),
  refusedTitle: T('New machinery for the cooperative of {place}', 'Nouveau matériel agricole pour la coopérative de {place}', 'Nueva maquinaria para la cooperativa de {place}'),
  refusedSummary: T(
    'Purchase of two tractors, a seed drill and a storage shed for the members of the cooperative of {place}, to expand cultivated land by {area} ha.',
    'Achat de deux tracteurs, d’un semoir et d’un hangar de stockage pour les membres de la coopérative de {place}, afin d’étendre les surfaces cultivées de {area} ha.',
    'Compra de dos tractores, una sembradora y un galpón de almacenamiento para los socios de la cooperativa de {place}, para ampliar la superficie cultivada en {area} ha.',
  ),
  decline: T(
    'On fieldwork abroad during the review period; happy to help on a later dossier.',
    'En mission de terrain à l’étranger pendant la période d’évaluation ; volontiers pour un prochain dossier.',
    'De trabajo de campo en el extranjero durante el período de evaluación; con gusto en otro expediente.',
  ),
} as const;

/** The holder's statement per criterion; `{...}` filled from the dossier. */
export const STATEMENTS: Readonly<Record<string, Texts>> = {
  '1.1': T(
    'The project follows the principles of free, prior and informed consent; village assemblies approved it and a grievance mechanism is run by the farmers’ committee.',
    'Le projet applique le consentement libre, préalable et éclairé ; les assemblées villageoises l’ont approuvé et un mécanisme de plainte est tenu par le comité des producteurs.',
    'El proyecto aplica el consentimiento libre, previo e informado; las asambleas comunitarias lo aprobaron y el comité de productores gestiona un mecanismo de quejas.',
  ),
  '1.2': T(
    'All plots are farmed by their owners or under written long-term agreements; no land changes hands because of the project and customary rights of herders are respected.',
    'Toutes les parcelles sont exploitées par leurs propriétaires ou sous accord écrit de long terme ; aucune terre ne change de mains du fait du projet et les droits coutumiers des éleveurs sont respectés.',
    'Todas las parcelas son trabajadas por sus dueños o bajo acuerdos escritos de largo plazo; ninguna tierra cambia de manos por el proyecto y se respetan los derechos consuetudinarios de los pastores.',
  ),
  '1.3': T(
    'Inputs are produced on farm, which lowers costs; the poorest households are prioritised for training and receive tools at no cost.',
    'Les intrants sont produits à la ferme, ce qui réduit les coûts ; les ménages les plus pauvres sont prioritaires pour la formation et reçoivent l’outillage gratuitement.',
    'Los insumos se producen en la finca, lo que reduce costos; los hogares más pobres tienen prioridad en la capacitación y reciben herramientas sin costo.',
  ),
  '2.1': T(
    '{practices} on {area} ha reduce erosion and improve soil structure; erosion is estimated with RUSLE before and after.',
    '{practices} sur {area} ha réduisent l’érosion et améliorent la structure du sol ; l’érosion est estimée par RUSLE avant et après.',
    '{practices} en {area} ha reducen la erosión y mejoran la estructura del suelo; la erosión se estima con RUSLE antes y después.',
  ),
  '2.2': T(
    'Baseline SOC stock of {stock} t C/ha at 0-30 cm; we expect +{rate} t C/ha/yr over {horizon} years, to be verified by resampling.',
    'Stock de COS initial de {stock} t C/ha sur 0-30 cm ; nous attendons +{rate} t C/ha/an sur {horizon} ans, vérifiés par rééchantillonnage.',
    'Stock inicial de COS de {stock} t C/ha a 0-30 cm; esperamos +{rate} t C/ha/año durante {horizon} años, verificado por remuestreo.',
  ),
  '2.3': T(
    'Higher and more stable yields of staple crops are expected from the second season; households grow vegetables year-round.',
    'Des rendements plus élevés et plus stables des cultures vivrières sont attendus dès la deuxième saison ; les ménages produisent des légumes toute l’année.',
    'Se esperan rendimientos más altos y estables de los cultivos básicos desde la segunda campaña; los hogares producen hortalizas todo el año.',
  ),
  '2.4': T(
    'Better infiltration and soil cover make crops and pastures more resilient to dry spells, which are becoming more frequent in {place}.',
    'Une meilleure infiltration et la couverture du sol rendent cultures et pâturages plus résilients aux poches de sécheresse, de plus en plus fréquentes à {place}.',
    'Una mejor infiltración y la cobertura del suelo hacen los cultivos y pastos más resilientes a las sequías, cada vez más frecuentes en {place}.',
  ),
  '2.5': T(
    'Less mineral nitrogen and no residue burning reduce nitrous oxide and other emissions beyond soil carbon.',
    'Moins d’azote minéral et l’arrêt du brûlage des résidus réduisent le protoxyde d’azote et d’autres émissions au-delà du carbone des sols.',
    'Menos nitrógeno mineral y el fin de la quema de rastrojos reducen el óxido nitroso y otras emisiones más allá del carbono del suelo.',
  ),
  '3.1': T(
    'Native species are used for trees and covers; field margins are kept as habitat and earthworms and birds are monitored.',
    'Des espèces indigènes sont utilisées pour les arbres et couverts ; les bordures de champs sont conservées comme habitats et les vers de terre et oiseaux sont suivis.',
    'Se usan especies nativas para árboles y coberturas; los bordes de las parcelas se conservan como hábitat y se monitorean lombrices y aves.',
  ),
  '3.2': T(
    'Cover and organic matter improve water infiltration and reduce runoff of sediment and nutrients to streams.',
    'Le couvert et la matière organique améliorent l’infiltration et réduisent le ruissellement de sédiments et de nutriments vers les cours d’eau.',
    'La cobertura y la materia orgánica mejoran la infiltración y reducen el escurrimiento de sedimentos y nutrientes hacia los arroyos.',
  ),
  '3.3': T(
    'Input savings and yield gains pay back the transition in three to four years; a revolving fund supports the first year.',
    'Les économies d’intrants et les gains de rendement remboursent la transition en trois à quatre ans ; un fonds renouvelable soutient la première année.',
    'El ahorro de insumos y el aumento de rendimientos pagan la transición en tres a cuatro años; un fondo rotatorio apoya el primer año.',
  ),
  '4.1': T(
    'A steering committee of farmers, local authorities and researchers meets twice a year; women and young people hold at least a third of the seats.',
    'Un comité de pilotage réunissant agriculteurs, collectivités et chercheurs se réunit deux fois par an ; femmes et jeunes occupent au moins un tiers des sièges.',
    'Un comité directivo de agricultores, autoridades locales e investigadores se reúne dos veces al año; mujeres y jóvenes ocupan al menos un tercio de los puestos.',
  ),
  '4.2': T(
    '{plots} georeferenced plots are resampled every {years} years; data and methods will be shared with the national soil information system.',
    '{plots} placettes géoréférencées sont rééchantillonnées tous les {years} ans ; données et méthodes seront partagées avec le système national d’information sur les sols.',
    '{plots} parcelas georreferenciadas se remuestrean cada {years} años; los datos y métodos se compartirán con el sistema nacional de información de suelos.',
  ),
};

export const REVISED_STATEMENTS: Readonly<Record<string, Texts>> = {
  '2.2': T(
    'A baseline campaign on {plots} plots before the first season measures SOC at 0-30 and 30-60 cm on an equivalent soil mass basis; we expect +{rate} t C/ha/yr over {horizon} years.',
    'Une campagne de référence sur {plots} placettes avant la première saison mesure le COS sur 0-30 et 30-60 cm à masse de sol équivalente ; nous attendons +{rate} t C/ha/an sur {horizon} ans.',
    'Una campaña de línea base en {plots} parcelas antes de la primera campaña mide el COS a 0-30 y 30-60 cm a masa de suelo equivalente; esperamos +{rate} t C/ha/año durante {horizon} años.',
  ),
  '4.2': T(
    'Resampling of {plots} plots every {years} years with a stated uncertainty target of ±15 %, an independent laboratory for 10 % of samples, and open data.',
    'Rééchantillonnage de {plots} placettes tous les {years} ans avec une incertitude visée de ±15 %, un laboratoire indépendant pour 10 % des échantillons et des données ouvertes.',
    'Remuestreo de {plots} parcelas cada {years} años con una incertidumbre objetivo de ±15 %, un laboratorio independiente para el 10 % de las muestras y datos abiertos.',
  ),
};

/* ------------------------------------------------------------------------------------------ */
/* Reviews and feedback                                                                        */
/* ------------------------------------------------------------------------------------------ */

/** A reviewer's comment and recommendation by score band; `{criterion}` is the criterion's name. */
export const REVIEW_TEXTS = {
  comment: {
    low: T('{criterion}: barely addressed; the dossier gives no evidence.', '{criterion} : à peine abordé ; le dossier n’apporte pas d’éléments probants.', '{criterion}: apenas abordado; el expediente no aporta evidencias.'),
    mid: T('{criterion}: partly addressed; the approach is sound but the figures are thin.', '{criterion} : partiellement traité ; la démarche est solide mais les chiffres sont minces.', '{criterion}: tratado en parte; el enfoque es sólido pero las cifras son escasas.'),
    high: T('{criterion}: well addressed, with convincing field evidence.', '{criterion} : bien traité, avec des éléments de terrain convaincants.', '{criterion}: bien tratado, con evidencias de campo convincentes.'),
    na: T('{criterion}: not applicable to this project.', '{criterion} : sans objet pour ce projet.', '{criterion}: no aplica a este proyecto.'),
  },
  recommendation: {
    low: T('Describe how the project will address {criterion} and how it will be measured.', 'Décrire comment le projet traitera ce point ({criterion}) et comment il sera mesuré.', 'Describir cómo el proyecto abordará este punto ({criterion}) y cómo se medirá.'),
    mid: T('Add baseline figures and a target for {criterion}.', 'Ajouter des valeurs de référence et une cible pour ce point ({criterion}).', 'Añadir valores de referencia y una meta para este punto ({criterion}).'),
    high: T('Keep documenting {criterion} as planned.', 'Continuer à documenter ce point ({criterion}) comme prévu.', 'Seguir documentando este punto ({criterion}) según lo previsto.'),
    na: T('None.', 'Aucune.', 'Ninguna.'),
  },
  risk: T(
    'Pastoralists’ customary access to the dry-season grazing areas is not documented; enclosing the plots could deprive them of it.',
    'L’accès coutumier des éleveurs transhumants aux pâturages de saison sèche n’est pas documenté ; la mise en défens des parcelles pourrait les en priver.',
    'El acceso consuetudinario de los pastores a los pastos de estación seca no está documentado; cercar las parcelas podría privarles de él.',
  ),
  biodiversityConcern: T(
    'Biodiversity: the tree planting relies on one fast-growing exotic species, which may harm native vegetation.',
    'Biodiversité : les plantations reposent sur une seule essence exotique à croissance rapide, au détriment possible de la végétation indigène.',
    'Biodiversidad: la plantación se basa en una sola especie exótica de crecimiento rápido, que puede perjudicar la vegetación nativa.',
  ),
  overall: {
    positive: T('A sound, well-monitored project that deserves the support of funders.', 'Un projet solide et bien suivi, qui mérite le soutien des bailleurs.', 'Un proyecto sólido y bien monitoreado que merece el apoyo de financiadores.'),
    revise: T('Promising, but the SOC baseline and the monitoring design must be strengthened before a positive assessment.', 'Prometteur, mais la référence de COS et le dispositif de suivi doivent être renforcés avant une évaluation favorable.', 'Prometedor, pero la línea base de COS y el diseño de seguimiento deben reforzarse antes de una evaluación favorable.'),
    not_positive: T('The project does not yet meet the Committee’s criteria.', 'Le projet ne répond pas encore aux critères du Comité.', 'El proyecto aún no cumple los criterios del Comité.'),
  },
  confidential: T('No conflict of interest to declare.', 'Aucun conflit d’intérêts à déclarer.', 'Ningún conflicto de intereses que declarar.'),
} as const;

/** The lead's formative feedback. */
export const FEEDBACK_TEXTS = {
  strengths: T('Clear theory of change and strong farmer ownership.', 'Théorie du changement claire et forte appropriation par les agriculteurs.', 'Teoría del cambio clara y fuerte apropiación por los agricultores.'),
  weaknessesBaseline: T('The SOC baseline rests on few samples and no equivalent soil mass correction.', 'La référence de COS repose sur peu d’échantillons, sans correction à masse de sol équivalente.', 'La línea base de COS se basa en pocas muestras, sin corrección por masa de suelo equivalente.'),
  weaknessesNone: T('No major weakness.', 'Pas de faiblesse majeure.', 'Sin debilidades importantes.'),
  recommendationsBaseline: T(
    'Run a stratified baseline campaign before the first season and state the expected uncertainty.',
    'Conduire une campagne de référence stratifiée avant la première saison et indiquer l’incertitude attendue.',
    'Realizar una campaña de línea base estratificada antes de la primera campaña e indicar la incertidumbre esperada.',
  ),
  recommendationsTenure: T(
    'Map the customary grazing routes with the herders and agree on access before any plot is enclosed.',
    'Cartographier les parcours coutumiers avec les éleveurs et convenir des accès avant toute mise en défens.',
    'Mapear con los pastores las rutas de pastoreo consuetudinarias y acordar el acceso antes de cercar cualquier parcela.',
  ),
  recommendationsScale: T('Plan how the approach can be scaled to neighbouring areas.', 'Prévoir comment étendre la démarche aux zones voisines.', 'Prever cómo extender el enfoque a zonas vecinas.'),
  summary: {
    positive: T(
      'The Committee assesses the project positively: its soil carbon pathway is credible and monitored, and it serves food security and adaptation.',
      'Le Comité évalue favorablement le projet : sa trajectoire de carbone des sols est crédible et suivie, et il sert la sécurité alimentaire et l’adaptation.',
      'El Comité evalúa favorablemente el proyecto: su trayectoria de carbono del suelo es creíble y monitoreada, y sirve a la seguridad alimentaria y la adaptación.',
    ),
    revise: T(
      'The Committee invites a revision: the approach is relevant, but the evidence on soil carbon must be strengthened.',
      'Le Comité invite à réviser le dossier : la démarche est pertinente, mais les éléments sur le carbone des sols doivent être renforcés.',
      'El Comité invita a revisar el expediente: el enfoque es pertinente, pero la evidencia sobre el carbono del suelo debe reforzarse.',
    ),
    not_positive: T(
      'The Committee cannot assess the project positively at this stage; the feedback below explains why and what would change it.',
      'Le Comité ne peut pas évaluer favorablement le projet à ce stade ; le retour ci-dessous explique pourquoi et ce qui pourrait le faire évoluer.',
      'El Comité no puede evaluar favorablemente el proyecto en esta etapa; los comentarios explican por qué y qué podría cambiarlo.',
    ),
  },
} as const;
