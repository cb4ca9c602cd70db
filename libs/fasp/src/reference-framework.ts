import { AGGREGATION, type CriteriaFramework, type Criterion, type Indicator } from './framework';
import { type LocalizedText } from './vocabulary';

const t = (en: string, fr: string, es: string): LocalizedText => ({ en, fr, es });

const indicator = (code: string, name: LocalizedText, method: LocalizedText, metric: string): Indicator => ({
  code,
  name,
  method,
  metric,
});

const DOCUMENT_REVIEW = t('Document review', 'Analyse documentaire', 'Revisión documental');

/**
 * The FASP reference criteria and indicators, seeded as version 1 of the `fasp` framework.
 *
 * Criteria 1.1 to 2.2 come from the STC's published table (`verified`); 2.3 to 4.2 are a
 * reconstruction from the Initiative's stated objectives and are `provisional` until the
 * secretariat confirms or edits them in a later version.
 *
 * Step weights (overall score only; the rules below decide outcomes): direct contributions 3,
 * because soil and SOC are what the Initiative exists for; indirect contributions 2, the
 * co-benefits; safeguards 1, because their real force is the gate, not the average; enabling
 * conditions 1.
 *
 * "Not applicable" is allowed only where a sound project may have nothing to show: 2.3 food
 * security (non-food land: forest, peatland, urban soils), 2.5 emissions beyond SOC (no source
 * of other gases to reduce), 3.2 water (no water stake on the site) and 3.3 economic viability
 * for farmers (no farmers: public land, policy projects). Never on the safeguards (the gate needs
 * a judgement on each), nor on 2.1 and 2.2 (the core of any soil project), nor on 2.4, 3.1, 4.1
 * and 4.2, which every soil project has something to say about.
 *
 * Rules: gate on step 1; positive requires a step-2 mean >= 2.5, 2.2 >= 2 and no step-2
 * criterion at 0; a spread of 2 points between reviewers flags divergence.
 */
export const REFERENCE_FRAMEWORK: CriteriaFramework = deepFreeze({
  key: 'fasp',
  version: 1,
  names: t(
    'FASP reference criteria and indicators',
    'Critères et indicateurs de référence de la FASP',
    'Criterios e indicadores de referencia de la FASP',
  ),
  steps: [
    {
      number: 1,
      type: 'safeguards',
      weight: 1,
      names: t('Safeguards', 'Garanties (sauvegardes)', 'Salvaguardas'),
      criteria: [
        criterion({
          code: '1.1',
          names: t('Human rights', 'Droits humains', 'Derechos humanos'),
          sdgs: [1, 5, 16],
          status: 'verified',
          naAllowed: false,
          harm: t(
            'Could the project infringe human rights, including those of women, Indigenous Peoples, workers and vulnerable groups?',
            'Le projet pourrait-il porter atteinte aux droits humains, y compris ceux des femmes, des peuples autochtones, des travailleurs et des groupes vulnérables ?',
            '¿Podría el proyecto vulnerar los derechos humanos, incluidos los de las mujeres, los pueblos indígenas, los trabajadores y los grupos vulnerables?',
          ),
          contribute: t(
            'Does the project respect and promote human rights, gender equality and the inclusion of vulnerable groups?',
            "Le projet respecte-t-il et promeut-il les droits humains, l'égalité entre les femmes et les hommes et l'inclusion des groupes vulnérables ?",
            '¿Respeta y promueve el proyecto los derechos humanos, la igualdad de género y la inclusión de los grupos vulnerables?',
          ),
          indicators: [
            indicator(
              '1.1.1',
              t(
                'Grievance mechanism accessible to affected people',
                'Mécanisme de réclamation accessible aux personnes concernées',
                'Mecanismo de quejas accesible a las personas afectadas',
              ),
              t('Document review and interviews', 'Analyse documentaire et entretiens', 'Revisión documental y entrevistas'),
              'boolean',
            ),
            indicator(
              '1.1.2',
              t('Share of women among participants', 'Part des femmes parmi les participants', 'Proporción de mujeres entre los participantes'),
              t(
                'Participant records disaggregated by sex',
                'Registres des participants ventilés par sexe',
                'Registros de participantes desglosados por sexo',
              ),
              '%',
            ),
          ],
        }),
        criterion({
          code: '1.2',
          names: t('Land tenure rights', 'Droits fonciers', 'Derechos de tenencia de la tierra'),
          sdgs: [1, 16],
          status: 'verified',
          naAllowed: false,
          harm: t(
            'Could the project cause land grabbing, displacement or the loss of customary or formal land rights?',
            "Le projet pourrait-il entraîner un accaparement de terres, des déplacements de population ou la perte de droits fonciers coutumiers ou formels ?",
            '¿Podría el proyecto provocar acaparamiento de tierras, desplazamientos o la pérdida de derechos de tenencia consuetudinarios o formales?',
          ),
          contribute: t(
            'Does the project secure the land rights of the people who manage the soil, with their free, prior and informed consent?',
            'Le projet sécurise-t-il les droits fonciers des personnes qui gèrent les sols, avec leur consentement libre, préalable et éclairé ?',
            '¿Asegura el proyecto los derechos sobre la tierra de quienes manejan el suelo, con su consentimiento libre, previo e informado?',
          ),
          indicators: [
            indicator(
              '1.2.1',
              t(
                'Free, prior and informed consent (FPIC) documented',
                'Consentement libre, préalable et éclairé (CLPE) documenté',
                'Consentimiento libre, previo e informado (CLPI) documentado',
              ),
              DOCUMENT_REVIEW,
              'boolean',
            ),
            indicator(
              '1.2.2',
              t(
                'Share of project land under secure tenure',
                'Part des terres du projet dont le régime foncier est sécurisé',
                'Proporción de la tierra del proyecto con tenencia segura',
              ),
              t(
                'Review of land titles, customary agreements and tenure surveys',
                'Examen des titres fonciers, des accords coutumiers et des enquêtes foncières',
                'Revisión de títulos de propiedad, acuerdos consuetudinarios y encuestas de tenencia',
              ),
              '%',
            ),
          ],
        }),
        criterion({
          code: '1.3',
          names: t('Poverty alleviation', 'Réduction de la pauvreté', 'Reducción de la pobreza'),
          sdgs: [1],
          status: 'verified',
          naAllowed: false,
          harm: t(
            'Could the project increase the poverty or vulnerability of local people, for example through higher costs, debt or lost access to resources?',
            "Le projet pourrait-il accroître la pauvreté ou la vulnérabilité des populations locales, par exemple par des coûts plus élevés, l'endettement ou la perte d'accès aux ressources ?",
            '¿Podría el proyecto aumentar la pobreza o la vulnerabilidad de la población local, por ejemplo por mayores costos, endeudamiento o pérdida de acceso a los recursos?',
          ),
          contribute: t(
            'Does the project raise the incomes and assets of poor and smallholder households?',
            'Le projet augmente-t-il les revenus et le patrimoine des ménages pauvres et des petits exploitants ?',
            '¿Aumenta el proyecto los ingresos y los activos de los hogares pobres y de los pequeños productores?',
          ),
          indicators: [
            indicator(
              '1.3.1',
              t(
                'Change in income of participating households',
                'Évolution du revenu des ménages participants',
                'Variación del ingreso de los hogares participantes',
              ),
              t(
                'Household survey at baseline and follow-up',
                'Enquête auprès des ménages en début de projet et lors du suivi',
                'Encuesta de hogares en la línea de base y en el seguimiento',
              ),
              '%',
            ),
            indicator(
              '1.3.2',
              t(
                'Number of smallholder households benefiting',
                'Nombre de ménages de petits exploitants bénéficiaires',
                'Número de hogares de pequeños productores beneficiarios',
              ),
              t('Project records', 'Registres du projet', 'Registros del proyecto'),
              'count',
            ),
          ],
        }),
      ],
    },
    {
      number: 2,
      type: 'direct',
      weight: 3,
      names: t('Direct contributions', 'Contributions directes', 'Contribuciones directas'),
      criteria: [
        criterion({
          code: '2.1',
          names: t(
            'Soil conservation/improvement and land restoration',
            'Conservation et amélioration des sols et restauration des terres',
            'Conservación y mejora del suelo y restauración de tierras',
          ),
          sdgs: [15],
          status: 'verified',
          naAllowed: false,
          harm: t(
            'Could the project degrade soils, for example through erosion, compaction, salinisation, contamination or nutrient depletion?',
            'Le projet pourrait-il dégrader les sols, par exemple par érosion, tassement, salinisation, contamination ou appauvrissement en éléments nutritifs ?',
            '¿Podría el proyecto degradar los suelos, por ejemplo por erosión, compactación, salinización, contaminación o agotamiento de nutrientes?',
          ),
          contribute: t(
            'Does the project conserve or improve soil health and restore degraded land?',
            'Le projet conserve-t-il ou améliore-t-il la santé des sols, et restaure-t-il des terres dégradées ?',
            '¿Conserva o mejora el proyecto la salud del suelo y restaura tierras degradadas?',
          ),
          indicators: [
            indicator(
              '2.1.1',
              t('Area under improved practices', 'Surface sous pratiques améliorées', 'Superficie con prácticas mejoradas'),
              t(
                'Mapping (field survey, GPS or remote sensing)',
                'Cartographie (relevés de terrain, GPS ou télédétection)',
                'Cartografía (levantamiento de campo, GPS o teledetección)',
              ),
              'ha',
            ),
            indicator(
              '2.1.2',
              t('Soil erosion (tonnes of soil lost)', 'Érosion des sols (tonnes de sol perdues)', 'Erosión del suelo (toneladas de suelo perdidas)'),
              t(
                'Modelled (e.g. RUSLE) or measured (erosion plots, sediment traps)',
                "Modélisée (par exemple RUSLE) ou mesurée (parcelles d'érosion, pièges à sédiments)",
                'Modelada (por ejemplo, RUSLE) o medida (parcelas de erosión, trampas de sedimentos)',
              ),
              't/ha/yr',
            ),
          ],
        }),
        criterion({
          code: '2.2',
          names: t(
            'Soil organic carbon stock increase or maintenance',
            'Augmentation ou maintien du stock de carbone organique du sol',
            'Aumento o mantenimiento de la reserva de carbono orgánico del suelo',
          ),
          sdgs: [15, 13],
          status: 'verified',
          naAllowed: false,
          harm: t(
            'Could the project cause a loss of soil organic carbon, for example through land conversion, drainage, burning or removal of residues?',
            "Le projet pourrait-il entraîner une perte de carbone organique du sol, par exemple par un changement d'affectation des terres, un drainage, le brûlage ou l'exportation des résidus ?",
            '¿Podría el proyecto causar una pérdida de carbono orgánico del suelo, por ejemplo por cambio de uso de la tierra, drenaje, quema o extracción de residuos?',
          ),
          contribute: t(
            'Does the project increase soil organic carbon stocks, or maintain them where they are high, in a way that can be measured?',
            'Le projet augmente-t-il les stocks de carbone organique du sol, ou les maintient-il là où ils sont élevés, de manière mesurable ?',
            '¿Aumenta el proyecto las reservas de carbono orgánico del suelo, o las mantiene donde son altas, de forma medible?',
          ),
          indicators: [
            indicator(
              '2.2.1',
              t(
                'SOC stock change, 0-30 cm, equivalent soil mass',
                'Variation du stock de carbone organique du sol (COS), 0-30 cm, à masse de sol équivalente',
                'Variación de la reserva de carbono orgánico del suelo (COS), 0-30 cm, a masa de suelo equivalente',
              ),
              t(
                'Dry combustion of soil samples, or a validated model',
                "Combustion sèche d'échantillons de sol, ou modèle validé",
                'Combustión seca de muestras de suelo, o un modelo validado',
              ),
              't C/ha/yr',
            ),
            indicator(
              '2.2.2',
              t('Baseline SOC stock, 0-30 cm', 'Stock de COS initial, 0-30 cm', 'Reserva de COS de referencia, 0-30 cm'),
              t(
                'Soil sampling with bulk density at project start',
                'Échantillonnage du sol avec mesure de la densité apparente au démarrage du projet',
                'Muestreo de suelo con medición de la densidad aparente al inicio del proyecto',
              ),
              't C/ha',
            ),
          ],
        }),
        criterion({
          code: '2.3',
          names: t('Food security and nutrition', 'Sécurité alimentaire et nutrition', 'Seguridad alimentaria y nutrición'),
          sdgs: [2],
          status: 'provisional',
          naAllowed: true,
          harm: t(
            'Could the project reduce food production, access to food or the quality of diets of local people?',
            "Le projet pourrait-il réduire la production alimentaire, l'accès à la nourriture ou la qualité de l'alimentation des populations locales ?",
            '¿Podría el proyecto reducir la producción de alimentos, el acceso a los alimentos o la calidad de la dieta de la población local?',
          ),
          contribute: t(
            'Does the project increase yields, their stability, or the diversity and nutritional quality of the food produced?',
            'Le projet augmente-t-il les rendements, leur stabilité, ou la diversité et la qualité nutritionnelle des aliments produits ?',
            '¿Aumenta el proyecto los rendimientos, su estabilidad, o la diversidad y la calidad nutricional de los alimentos producidos?',
          ),
          indicators: [
            indicator(
              '2.3.1',
              t('Change in crop yield', 'Évolution du rendement des cultures', 'Variación del rendimiento de los cultivos'),
              t(
                'Yield measurements or farm records compared with the baseline or control plots',
                "Mesures de rendement ou registres d'exploitation comparés à la situation initiale ou à des parcelles témoins",
                'Mediciones de rendimiento o registros de finca comparados con la línea de base o con parcelas testigo',
              ),
              '%',
            ),
            indicator(
              '2.3.2',
              t(
                'Household dietary diversity (number of food groups out of 12)',
                "Diversité alimentaire des ménages (nombre de groupes d'aliments sur 12)",
                'Diversidad dietética del hogar (número de grupos de alimentos de 12)',
              ),
              t(
                'Household survey (FAO household dietary diversity score)',
                'Enquête auprès des ménages (score de diversité alimentaire des ménages de la FAO)',
                'Encuesta de hogares (puntuación de diversidad dietética del hogar de la FAO)',
              ),
              'count',
            ),
          ],
        }),
        criterion({
          code: '2.4',
          names: t(
            'Adaptation and resilience to climate change',
            'Adaptation et résilience au changement climatique',
            'Adaptación y resiliencia al cambio climático',
          ),
          sdgs: [13],
          status: 'provisional',
          naAllowed: false,
          harm: t(
            'Could the project make farms or communities more vulnerable to drought, floods or heat (maladaptation)?',
            'Le projet pourrait-il rendre les exploitations ou les communautés plus vulnérables aux sécheresses, aux inondations ou à la chaleur (maladaptation) ?',
            '¿Podría el proyecto hacer que las fincas o las comunidades sean más vulnerables a las sequías, las inundaciones o el calor (mala adaptación)?',
          ),
          contribute: t(
            'Does the project strengthen the capacity of soils, farms and communities to withstand and recover from climate shocks?',
            "Le projet renforce-t-il la capacité des sols, des exploitations et des communautés à résister aux chocs climatiques et à s'en remettre ?",
            '¿Fortalece el proyecto la capacidad de los suelos, las fincas y las comunidades para resistir los impactos climáticos y recuperarse de ellos?',
          ),
          indicators: [
            indicator(
              '2.4.1',
              t('Soil available water capacity', 'Réserve utile en eau du sol', 'Capacidad de agua disponible del suelo'),
              t(
                'Laboratory measurement, or pedotransfer functions from texture and organic matter',
                'Mesure en laboratoire, ou fonctions de pédotransfert à partir de la texture et de la matière organique',
                'Medición de laboratorio, o funciones de pedotransferencia a partir de la textura y la materia orgánica',
              ),
              'mm',
            ),
            indicator(
              '2.4.2',
              t(
                'Yield loss in dry years compared with average years',
                'Perte de rendement les années sèches par rapport aux années moyennes',
                'Pérdida de rendimiento en años secos respecto de los años promedio',
              ),
              t(
                'Multi-year farm records or crop modelling',
                "Registres pluriannuels d'exploitation ou modélisation des cultures",
                'Registros plurianuales de finca o modelización de cultivos',
              ),
              '%',
            ),
          ],
        }),
        criterion({
          code: '2.5',
          names: t(
            'Greenhouse gas emission reduction beyond SOC',
            'Réduction des émissions de gaz à effet de serre au-delà du COS',
            'Reducción de las emisiones de gases de efecto invernadero más allá del COS',
          ),
          sdgs: [13],
          status: 'provisional',
          naAllowed: true,
          harm: t(
            'Could the project increase emissions of nitrous oxide, methane or carbon dioxide (fertilisers, livestock, machinery, flooding) enough to offset its soil carbon gains?',
            "Le projet pourrait-il accroître les émissions de protoxyde d'azote, de méthane ou de dioxyde de carbone (engrais, élevage, machinisme, submersion) au point d'annuler ses gains de carbone du sol ?",
            '¿Podría el proyecto aumentar las emisiones de óxido nitroso, metano o dióxido de carbono (fertilizantes, ganado, maquinaria, inundación) hasta anular sus ganancias de carbono del suelo?',
          ),
          contribute: t(
            'Does the project reduce greenhouse gas emissions other than by storing carbon in the soil?',
            "Le projet réduit-il les émissions de gaz à effet de serre autrement qu'en stockant du carbone dans le sol ?",
            '¿Reduce el proyecto las emisiones de gases de efecto invernadero por otras vías además del almacenamiento de carbono en el suelo?',
          ),
          indicators: [
            indicator(
              '2.5.1',
              t(
                'Net change in greenhouse gas emissions other than SOC',
                'Variation nette des émissions de gaz à effet de serre hors COS',
                'Variación neta de las emisiones de gases de efecto invernadero distintas del COS',
              ),
              t(
                'IPCC Tier 1 or Tier 2 emission factors, or a calculator such as EX-ACT',
                "Facteurs d'émission du GIEC de niveau 1 ou 2, ou un outil de calcul tel qu'EX-ACT",
                'Factores de emisión del IPCC de nivel 1 o 2, o una herramienta de cálculo como EX-ACT',
              ),
              't CO2e/ha/yr',
            ),
            indicator(
              '2.5.2',
              t('Mineral nitrogen fertiliser use', "Utilisation d'engrais azotés minéraux", 'Uso de fertilizantes nitrogenados minerales'),
              t('Farm input records', "Registres des intrants de l'exploitation", 'Registros de insumos de la finca'),
              'kg N/ha/yr',
            ),
          ],
        }),
      ],
    },
    {
      number: 3,
      type: 'indirect',
      weight: 2,
      names: t(
        'Indirect contributions (co-benefits)',
        'Contributions indirectes (co-bénéfices)',
        'Contribuciones indirectas (cobeneficios)',
      ),
      criteria: [
        criterion({
          code: '3.1',
          names: t('Biodiversity', 'Biodiversité', 'Biodiversidad'),
          sdgs: [15],
          status: 'provisional',
          naAllowed: false,
          harm: t(
            'Could the project harm biodiversity, for example by clearing natural habitats, introducing invasive species or using more pesticides?',
            "Le projet pourrait-il nuire à la biodiversité, par exemple en défrichant des habitats naturels, en introduisant des espèces envahissantes ou en utilisant davantage de pesticides ?",
            '¿Podría el proyecto dañar la biodiversidad, por ejemplo desmontando hábitats naturales, introduciendo especies invasoras o usando más plaguicidas?',
          ),
          contribute: t(
            'Does the project increase biodiversity, above ground and in the soil?',
            'Le projet accroît-il la biodiversité, en surface comme dans le sol ?',
            '¿Aumenta el proyecto la biodiversidad, tanto en la superficie como en el suelo?',
          ),
          indicators: [
            indicator(
              '3.1.1',
              t(
                'Plant species richness on project plots',
                'Richesse spécifique végétale sur les parcelles du projet',
                'Riqueza de especies vegetales en las parcelas del proyecto',
              ),
              t('Botanical survey on permanent plots', 'Inventaire botanique sur placettes permanentes', 'Inventario botánico en parcelas permanentes'),
              'count',
            ),
            indicator(
              '3.1.2',
              t(
                'Soil biological activity (earthworm density)',
                'Activité biologique du sol (densité de vers de terre)',
                'Actividad biológica del suelo (densidad de lombrices de tierra)',
              ),
              t(
                'Standardised soil fauna sampling',
                'Échantillonnage normalisé de la faune du sol',
                'Muestreo normalizado de la fauna del suelo',
              ),
              'count/m2',
            ),
          ],
        }),
        criterion({
          code: '3.2',
          names: t('Water quantity and quality', "Quantité et qualité de l'eau", 'Cantidad y calidad del agua'),
          sdgs: [6],
          status: 'provisional',
          naAllowed: true,
          harm: t(
            'Could the project deplete or pollute water, for example through irrigation or the runoff of fertilisers and pesticides?',
            "Le projet pourrait-il épuiser ou polluer les ressources en eau, par exemple par l'irrigation ou le ruissellement d'engrais et de pesticides ?",
            '¿Podría el proyecto agotar o contaminar el agua, por ejemplo por el riego o la escorrentía de fertilizantes y plaguicidas?',
          ),
          contribute: t(
            'Does the project improve water infiltration, retention or quality?',
            "Le projet améliore-t-il l'infiltration, la rétention ou la qualité de l'eau ?",
            '¿Mejora el proyecto la infiltración, la retención o la calidad del agua?',
          ),
          indicators: [
            indicator(
              '3.2.1',
              t('Water infiltration rate', "Vitesse d'infiltration de l'eau", 'Tasa de infiltración del agua'),
              t('Infiltrometer measurements', "Mesures à l'infiltromètre", 'Mediciones con infiltrómetro'),
              'mm/h',
            ),
            indicator(
              '3.2.2',
              t(
                'Nitrate concentration in drainage or surface water',
                'Concentration en nitrates des eaux de drainage ou de surface',
                'Concentración de nitratos en el agua de drenaje o superficial',
              ),
              t(
                'Water sampling and laboratory analysis',
                "Prélèvements d'eau et analyse en laboratoire",
                'Muestreo de agua y análisis de laboratorio',
              ),
              'mg/L',
            ),
          ],
        }),
        criterion({
          code: '3.3',
          names: t(
            'Economic viability for farmers',
            'Viabilité économique pour les agriculteurs',
            'Viabilidad económica para los agricultores',
          ),
          sdgs: [8],
          status: 'provisional',
          naAllowed: true,
          harm: t(
            'Could the practices impose costs, labour or risks that farmers cannot bear once the project support ends?',
            "Les pratiques pourraient-elles imposer aux agriculteurs des coûts, du travail ou des risques qu'ils ne pourront pas assumer une fois le soutien du projet terminé ?",
            '¿Podrían las prácticas imponer a los agricultores costos, trabajo o riesgos que no puedan asumir una vez terminado el apoyo del proyecto?',
          ),
          contribute: t(
            'Are the practices profitable for farmers and likely to continue without outside support?',
            'Les pratiques sont-elles rentables pour les agriculteurs et susceptibles de perdurer sans soutien extérieur ?',
            '¿Son las prácticas rentables para los agricultores y es probable que se mantengan sin apoyo externo?',
          ),
          indicators: [
            indicator(
              '3.3.1',
              t(
                'Change in net farm income per hectare',
                'Évolution du revenu agricole net par hectare',
                'Variación del ingreso agrícola neto por hectárea',
              ),
              t(
                'Farm budget analysis (costs and returns)',
                "Analyse budgétaire de l'exploitation (coûts et recettes)",
                'Análisis presupuestario de la finca (costos e ingresos)',
              ),
              '%',
            ),
            indicator(
              '3.3.2',
              t(
                'Payback period of the investment in the practices',
                "Délai de retour sur l'investissement dans les pratiques",
                'Período de recuperación de la inversión en las prácticas',
              ),
              t('Cost-benefit analysis', 'Analyse coûts-avantages', 'Análisis de costo-beneficio'),
              'yr',
            ),
          ],
        }),
      ],
    },
    {
      number: 4,
      type: 'enabling',
      weight: 1,
      names: t('Enabling conditions', 'Conditions favorables', 'Condiciones propicias'),
      criteria: [
        criterion({
          code: '4.1',
          names: t(
            'Stakeholder participation and governance',
            'Participation des parties prenantes et gouvernance',
            'Participación de las partes interesadas y gobernanza',
          ),
          sdgs: [16, 17],
          status: 'provisional',
          naAllowed: false,
          harm: t(
            'Could the project exclude local stakeholders from decisions or concentrate its benefits in a few hands?',
            'Le projet pourrait-il exclure les acteurs locaux des décisions ou concentrer ses bénéfices entre quelques mains ?',
            '¿Podría el proyecto excluir a los actores locales de las decisiones o concentrar sus beneficios en pocas manos?',
          ),
          contribute: t(
            'Are farmers, communities and local institutions involved in designing, running and governing the project, with a fair sharing of benefits?',
            'Les agriculteurs, les communautés et les institutions locales participent-ils à la conception, à la mise en œuvre et à la gouvernance du projet, avec un partage équitable des bénéfices ?',
            '¿Participan los agricultores, las comunidades y las instituciones locales en el diseño, la ejecución y la gobernanza del proyecto, con un reparto equitativo de los beneficios?',
          ),
          indicators: [
            indicator(
              '4.1.1',
              t(
                'Stakeholder consultations held during design',
                'Consultations des parties prenantes tenues pendant la conception',
                'Consultas con las partes interesadas realizadas durante el diseño',
              ),
              t(
                'Review of meeting minutes and attendance lists',
                'Examen des comptes rendus de réunion et des listes de présence',
                'Revisión de actas de reuniones y listas de asistencia',
              ),
              'count',
            ),
            indicator(
              '4.1.2',
              t(
                'Benefit-sharing agreement in place',
                'Accord de partage des bénéfices en vigueur',
                'Acuerdo de distribución de beneficios vigente',
              ),
              DOCUMENT_REVIEW,
              'boolean',
            ),
          ],
        }),
        criterion({
          code: '4.2',
          names: t(
            'Monitoring, reporting and verification of SOC',
            'Suivi, notification et vérification du COS',
            'Monitoreo, reporte y verificación del COS',
          ),
          sdgs: [13, 17],
          status: 'provisional',
          naAllowed: false,
          harm: t(
            'Could weak monitoring lead to unsupported or overstated claims of carbon gains?',
            'Un suivi insuffisant pourrait-il conduire à des allégations de gains de carbone infondées ou surestimées ?',
            '¿Podría un monitoreo deficiente dar lugar a afirmaciones infundadas o exageradas de ganancias de carbono?',
          ),
          contribute: t(
            'Does the project have a credible plan to measure, report and verify SOC changes, with a baseline, re-measurements and a stated uncertainty?',
            "Le projet dispose-t-il d'un plan crédible pour mesurer, déclarer et vérifier les variations de COS, avec un état initial, des remesures et une incertitude déclarée ?",
            '¿Cuenta el proyecto con un plan creíble para medir, reportar y verificar los cambios de COS, con una línea de base, nuevas mediciones y una incertidumbre declarada?',
          ),
          indicators: [
            indicator(
              '4.2.1',
              t(
                'Sampling design and re-measurement interval',
                "Plan d'échantillonnage et intervalle entre remesures",
                'Diseño de muestreo e intervalo entre mediciones',
              ),
              t(
                'Review of the monitoring plan (stratification, sampling points, depth, schedule)',
                "Examen du plan de suivi (stratification, points d'échantillonnage, profondeur, calendrier)",
                'Revisión del plan de monitoreo (estratificación, puntos de muestreo, profundidad, calendario)',
              ),
              'yr',
            ),
            indicator(
              '4.2.2',
              t(
                'Uncertainty of the estimated SOC stock change',
                'Incertitude de la variation estimée du stock de COS',
                'Incertidumbre de la variación estimada de la reserva de COS',
              ),
              t(
                'Statistical analysis of sampling or model error (95% confidence interval)',
                "Analyse statistique de l'erreur d'échantillonnage ou de modèle (intervalle de confiance à 95 %)",
                'Análisis estadístico del error de muestreo o de modelo (intervalo de confianza del 95 %)',
              ),
              '%',
            ),
          ],
        }),
      ],
    },
  ],
  scale: {
    levels: [
      { score: 0, labels: t('Not addressed', 'Non traité', 'No abordado') },
      { score: 1, labels: t('Weak', 'Faible', 'Débil') },
      { score: 2, labels: t('Partial', 'Partiel', 'Parcial') },
      { score: 3, labels: t('Good', 'Bon', 'Bueno') },
      { score: 4, labels: t('Strong', 'Solide', 'Sólido') },
    ],
    notApplicable: t('Not applicable', 'Sans objet', 'No aplica'),
    harm: [
      { judgement: 'no_risk', labels: t('No risk', 'Aucun risque', 'Sin riesgo') },
      { judgement: 'risk_mitigated', labels: t('Risk mitigated', 'Risque atténué', 'Riesgo mitigado') },
      { judgement: 'unclear', labels: t('Unclear', 'Incertain', 'Incierto') },
      { judgement: 'risk', labels: t('Risk', 'Risque', 'Riesgo') },
    ],
  },
  rules: {
    safeguardGate: { step: 1 },
    positiveThreshold: {
      stepMeans: [{ step: 2, min: 2.5 }],
      criterionMinimums: [{ code: '2.2', min: 2 }],
      noZeroInSteps: [2],
    },
    divergence: { minSpread: 2 },
    aggregation: AGGREGATION,
  },
});

interface CriterionSeed {
  readonly code: string;
  readonly names: LocalizedText;
  readonly sdgs: readonly number[];
  readonly status: Criterion['status'];
  readonly naAllowed: boolean;
  readonly harm: LocalizedText;
  readonly contribute: LocalizedText;
  readonly indicators: readonly Indicator[];
}

function criterion(seed: CriterionSeed): Criterion {
  return {
    code: seed.code,
    step: Number(seed.code.split('.')[0]),
    names: seed.names,
    sdgs: seed.sdgs,
    guidance: { harm: seed.harm, contribute: seed.contribute },
    indicators: seed.indicators,
    naAllowed: seed.naAllowed,
    status: seed.status,
  };
}

// The reference version is shared by every importer; freezing it turns an accidental edit
// into an error instead of a silent change to every later evaluation.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
