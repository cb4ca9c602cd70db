import { codesOf, isCodeOf, type CodeOf, type VocabularyEntry } from './vocabulary';

// Controlled vocabularies of the dossier. Codes are snake_case and stable: they are stored in
// dossier versions, matched against reviewer expertise, and exported. Add terms at the end of a
// list and never rename a code; reword labels freely.

/** Soil management practices a project implements. */
export const PRACTICES = [
  { code: 'agroforestry', labels: { en: 'Agroforestry', fr: 'Agroforesterie', es: 'Agroforestería' } },
  { code: 'cover_crops', labels: { en: 'Cover crops', fr: 'Cultures de couverture', es: 'Cultivos de cobertura' } },
  { code: 'reduced_tillage', labels: { en: 'Reduced tillage', fr: 'Travail du sol réduit', es: 'Labranza reducida' } },
  {
    code: 'no_tillage',
    labels: { en: 'No tillage (direct seeding)', fr: 'Semis direct sans labour', es: 'Siembra directa (labranza cero)' },
  },
  { code: 'organic_amendments', labels: { en: 'Organic amendments', fr: 'Amendements organiques', es: 'Enmiendas orgánicas' } },
  { code: 'compost', labels: { en: 'Compost application', fr: 'Apport de compost', es: 'Aplicación de compost' } },
  { code: 'biochar', labels: { en: 'Biochar', fr: 'Biochar', es: 'Biocarbón (biochar)' } },
  {
    code: 'crop_rotation',
    labels: {
      en: 'Crop rotation and diversification',
      fr: 'Rotation et diversification des cultures',
      es: 'Rotación y diversificación de cultivos',
    },
  },
  { code: 'rotational_grazing', labels: { en: 'Rotational grazing', fr: 'Pâturage tournant', es: 'Pastoreo rotativo' } },
  {
    code: 'grassland_management',
    labels: {
      en: 'Improved grassland management',
      fr: 'Gestion améliorée des prairies',
      es: 'Manejo mejorado de pastizales',
    },
  },
  {
    code: 'restoration',
    labels: {
      en: 'Restoration of degraded land',
      fr: 'Restauration des terres dégradées',
      es: 'Restauración de tierras degradadas',
    },
  },
  {
    code: 'reforestation',
    labels: { en: 'Reforestation and afforestation', fr: 'Reboisement et boisement', es: 'Reforestación y forestación' },
  },
  {
    code: 'wetland_restoration',
    labels: {
      en: 'Wetland and peatland restoration',
      fr: 'Restauration des zones humides et des tourbières',
      es: 'Restauración de humedales y turberas',
    },
  },
  {
    code: 'residue_retention',
    labels: {
      en: 'Crop residue retention',
      fr: 'Maintien des résidus de culture',
      es: 'Retención de residuos de cosecha',
    },
  },
  {
    code: 'integrated_nutrient_management',
    labels: {
      en: 'Integrated nutrient management',
      fr: 'Gestion intégrée des éléments nutritifs',
      es: 'Manejo integrado de nutrientes',
    },
  },
  {
    code: 'irrigation_management',
    labels: {
      en: 'Improved irrigation and water management',
      fr: "Gestion améliorée de l'irrigation et de l'eau",
      es: 'Manejo mejorado del riego y del agua',
    },
  },
  {
    code: 'erosion_control',
    labels: {
      en: 'Erosion control (terraces, contour bunds)',
      fr: "Lutte contre l'érosion (terrasses, cordons en courbes de niveau)",
      es: 'Control de la erosión (terrazas, bordos en curvas de nivel)',
    },
  },
  { code: 'mulching', labels: { en: 'Mulching', fr: 'Paillage', es: 'Acolchado (mulch)' } },
  {
    code: 'crop_livestock_integration',
    labels: {
      en: 'Crop-livestock integration',
      fr: 'Intégration agriculture-élevage',
      es: 'Integración agrícola-ganadera',
    },
  },
  { code: 'fire_management', labels: { en: 'Fire management', fr: 'Gestion des feux', es: 'Manejo del fuego' } },
  { code: 'other', labels: { en: 'Other', fr: 'Autre', es: 'Otra' } },
] as const satisfies readonly VocabularyEntry[];
export type PracticeCode = CodeOf<typeof PRACTICES>;
export const PRACTICE_CODES: readonly PracticeCode[] = codesOf(PRACTICES);
export const isPracticeCode = (value: unknown): value is PracticeCode => isCodeOf(PRACTICES, value);

/** Land uses of the project area. */
export const LAND_USES = [
  { code: 'cropland', labels: { en: 'Cropland', fr: 'Terres cultivées', es: 'Tierras de cultivo' } },
  { code: 'grassland', labels: { en: 'Grassland', fr: 'Prairies', es: 'Praderas' } },
  {
    code: 'rangeland',
    labels: { en: 'Rangeland', fr: 'Parcours et pâturages extensifs', es: 'Tierras de pastoreo extensivo' },
  },
  { code: 'forest', labels: { en: 'Forest', fr: 'Forêt', es: 'Bosque' } },
  {
    code: 'agroforestry_system',
    labels: { en: 'Agroforestry system', fr: 'Système agroforestier', es: 'Sistema agroforestal' },
  },
  { code: 'wetland', labels: { en: 'Wetland', fr: 'Zone humide', es: 'Humedal' } },
  { code: 'peatland', labels: { en: 'Peatland', fr: 'Tourbière', es: 'Turbera' } },
  {
    code: 'orchard_vineyard',
    labels: { en: 'Orchard or vineyard', fr: 'Verger ou vignoble', es: 'Huerto frutal o viñedo' },
  },
  { code: 'paddy_rice', labels: { en: 'Paddy rice', fr: 'Rizière', es: 'Arrozal' } },
  {
    code: 'urban',
    labels: { en: 'Urban and peri-urban land', fr: 'Terres urbaines et périurbaines', es: 'Tierras urbanas y periurbanas' },
  },
  { code: 'degraded_land', labels: { en: 'Degraded land', fr: 'Terres dégradées', es: 'Tierras degradadas' } },
  { code: 'other', labels: { en: 'Other', fr: 'Autre', es: 'Otro' } },
] as const satisfies readonly VocabularyEntry[];
export type LandUseCode = CodeOf<typeof LAND_USES>;
export const LAND_USE_CODES: readonly LandUseCode[] = codesOf(LAND_USES);
export const isLandUseCode = (value: unknown): value is LandUseCode => isCodeOf(LAND_USES, value);

/** The Initiative's objectives; a dossier serves at least one. */
export const OBJECTIVES = [
  {
    code: 'mitigation',
    labels: {
      en: 'Climate change mitigation',
      fr: 'Atténuation du changement climatique',
      es: 'Mitigación del cambio climático',
    },
  },
  {
    code: 'adaptation',
    labels: {
      en: 'Adaptation to climate change',
      fr: 'Adaptation au changement climatique',
      es: 'Adaptación al cambio climático',
    },
  },
  { code: 'food_security', labels: { en: 'Food security', fr: 'Sécurité alimentaire', es: 'Seguridad alimentaria' } },
] as const satisfies readonly VocabularyEntry[];
export type ObjectiveCode = CodeOf<typeof OBJECTIVES>;
export const OBJECTIVE_CODES: readonly ObjectiveCode[] = codesOf(OBJECTIVES);
export const isObjectiveCode = (value: unknown): value is ObjectiveCode => isCodeOf(OBJECTIVES, value);

/** What is submitted; pure research is not eligible, research with an implementation part is. */
export const PROJECT_TYPES = [
  { code: 'practice', labels: { en: 'Practice', fr: 'Pratique', es: 'Práctica' } },
  { code: 'project', labels: { en: 'Project', fr: 'Projet', es: 'Proyecto' } },
  { code: 'policy', labels: { en: 'Public policy', fr: 'Politique publique', es: 'Política pública' } },
  {
    code: 'research_with_implementation',
    labels: {
      en: 'Research with an implementation component',
      fr: 'Recherche avec un volet de mise en œuvre',
      es: 'Investigación con un componente de implementación',
    },
  },
] as const satisfies readonly VocabularyEntry[];
export type ProjectTypeCode = CodeOf<typeof PROJECT_TYPES>;
export const PROJECT_TYPE_CODES: readonly ProjectTypeCode[] = codesOf(PROJECT_TYPES);
export const isProjectTypeCode = (value: unknown): value is ProjectTypeCode => isCodeOf(PROJECT_TYPES, value);

/** FASP numbers its two modalities; the numbers are the codes. */
export const MODALITIES = [
  {
    code: 1,
    labels: {
      en: 'New project seeking funding',
      fr: 'Nouveau projet en recherche de financement',
      es: 'Proyecto nuevo en busca de financiación',
    },
  },
  {
    code: 2,
    labels: {
      en: 'Ongoing project seeking recognition',
      fr: 'Projet en cours en recherche de reconnaissance',
      es: 'Proyecto en curso en busca de reconocimiento',
    },
  },
] as const satisfies readonly VocabularyEntry<number>[];
export type ModalityCode = CodeOf<typeof MODALITIES>;
export const MODALITY_CODES: readonly ModalityCode[] = codesOf(MODALITIES);
export const isModalityCode = (value: unknown): value is ModalityCode => isCodeOf(MODALITIES, value);

/** Fields of expertise of reviewers, matched against a dossier's content during assignment. */
export const REVIEWER_DISCIPLINES = [
  { code: 'soil_science', labels: { en: 'Soil science', fr: 'Science du sol', es: 'Ciencia del suelo' } },
  { code: 'agronomy', labels: { en: 'Agronomy', fr: 'Agronomie', es: 'Agronomía' } },
  { code: 'ecology', labels: { en: 'Ecology', fr: 'Écologie', es: 'Ecología' } },
  { code: 'economics', labels: { en: 'Economics', fr: 'Économie', es: 'Economía' } },
  { code: 'social_science', labels: { en: 'Social sciences', fr: 'Sciences sociales', es: 'Ciencias sociales' } },
  { code: 'climate_science', labels: { en: 'Climate science', fr: 'Sciences du climat', es: 'Ciencias del clima' } },
  { code: 'remote_sensing', labels: { en: 'Remote sensing', fr: 'Télédétection', es: 'Teledetección' } },
  {
    code: 'policy',
    labels: {
      en: 'Public policy and governance',
      fr: 'Politiques publiques et gouvernance',
      es: 'Políticas públicas y gobernanza',
    },
  },
  { code: 'forestry', labels: { en: 'Forestry', fr: 'Foresterie', es: 'Ciencias forestales' } },
  {
    code: 'livestock_pasture',
    labels: { en: 'Livestock and pasture science', fr: 'Zootechnie et pastoralisme', es: 'Zootecnia y pastoralismo' },
  },
  { code: 'hydrology', labels: { en: 'Hydrology', fr: 'Hydrologie', es: 'Hidrología' } },
  { code: 'biogeochemistry', labels: { en: 'Biogeochemistry', fr: 'Biogéochimie', es: 'Biogeoquímica' } },
  {
    code: 'statistics_modelling',
    labels: { en: 'Statistics and modelling', fr: 'Statistique et modélisation', es: 'Estadística y modelización' },
  },
  {
    code: 'mrv',
    labels: {
      en: 'Monitoring, reporting and verification (MRV)',
      fr: 'Mesure, notification et vérification (MNV)',
      es: 'Medición, reporte y verificación (MRV)',
    },
  },
  { code: 'finance', labels: { en: 'Project finance', fr: 'Financement de projets', es: 'Financiación de proyectos' } },
  {
    code: 'law_land_rights',
    labels: {
      en: 'Law, land tenure and human rights',
      fr: 'Droit, foncier et droits humains',
      es: 'Derecho, tenencia de la tierra y derechos humanos',
    },
  },
  {
    code: 'gender_inclusion',
    labels: { en: 'Gender and social inclusion', fr: 'Genre et inclusion sociale', es: 'Género e inclusión social' },
  },
] as const satisfies readonly VocabularyEntry[];
export type ReviewerDisciplineCode = CodeOf<typeof REVIEWER_DISCIPLINES>;
export const REVIEWER_DISCIPLINE_CODES: readonly ReviewerDisciplineCode[] = codesOf(REVIEWER_DISCIPLINES);
export const isReviewerDisciplineCode = (value: unknown): value is ReviewerDisciplineCode =>
  isCodeOf(REVIEWER_DISCIPLINES, value);
