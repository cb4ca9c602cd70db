import { createValidationPipe } from '../../../../platform/errors/validation';
import { UpdateProjectDto } from '../../../projects/dto/dossier.dto';
import { geometryOfGeoJson, localizedFieldErrors, parseNumber, parseSection, placeOfItem, pointOf, renameErrors, sectionByKey, valuesOfDossier } from './dossier-form';

const t = (key: string, params: Record<string, string | number> = {}) => `${key}${Object.keys(params).length ? JSON.stringify(params) : ''}`;

describe('numbers as people type them', () => {
  it.each([
    ['18.4', 'en', 18.4],
    ['1,200', 'en', 1200],
    ['1,200,000.5', 'en', 1200000.5],
    ['18,4', 'fr', 18.4],
    ['1 200,5', 'fr', 1200.5],
    ['1\u202f200', 'fr', 1200],
    ['850.000,25', 'es', 850000.25],
    ['18.4', 'es', 18.4],
    ['-0,35', 'fr', -0.35],
    ['', 'en', undefined],
    ['  ', 'fr', undefined],
    ['about 12', 'en', 'about 12'],
    ['18,4', 'en', '18,4'],
  ] as const)('%j in %s', (raw, language, expected) => {
    expect(parseNumber(raw, language)).toBe(expected);
  });
});

describe('a section form as an update', () => {
  it('sends every field of the section: blank clears, lists from checkboxes, numbers in the writer’s language', () => {
    const { patch } = parseSection(sectionByKey('general')!, { title: 'Parklands', summary: '  ', modality: '1', objectives: ['mitigation', 'adaptation'], startDate: '2027-03-01', endDate: '' }, 'fr');
    expect(patch).toEqual({ title: 'Parklands', summary: null, language: '', modality: 1, projectType: null, objectives: ['mitigation', 'adaptation'], startDate: '2027-03-01', endDate: null });
  });

  it('builds nested groups, and clears a group left blank', () => {
    const { patch } = parseSection(sectionByKey('carbon')!, { 'socBaseline.stockTonnesPerHa': '18,4', 'socBaseline.depthCm': '30', 'socBaseline.method': 'Dry combustion', 'socBaseline.year': '2026', monitoringPlan: 'Resampling' }, 'fr');
    expect(patch).toEqual({ socBaseline: { stockTonnesPerHa: 18.4, depthCm: 30, method: 'Dry combustion', year: 2026 }, expectedChange: null, monitoringPlan: 'Resampling' });
  });

  it('drops blank rows and remembers the renumbering for the errors', () => {
    const values = { 'partners.0.name': 'ISRA', 'partners.0.country': 'SN', 'partners.1.name': '', 'partners.2.role': 'sampling', 'partners.2.organizationId': '' };
    const { patch, renamed } = parseSection(sectionByKey('people')!, values, 'en');
    expect(patch.partners).toEqual([{ name: 'ISRA', country: 'SN' }, { role: 'sampling' }]);
    expect(patch.team).toEqual([]);
    expect(renameErrors({ 'partners.1.name': ['required'], budget: ['x'] }, renamed)).toEqual({ 'partners.2.name': ['required'], budget: ['x'] });
  });

  it('reads a stored dossier back into the same inputs', () => {
    const dossier = { title: 'T', areaHa: 1200.5, budget: { amount: 850000, currency: 'EUR' }, partners: [{ name: 'ISRA', organizationId: 'x' }], location: { type: 'Point', coordinates: [-16.25, 14.15] } };
    expect(valuesOfDossier(dossier, 'fr')).toEqual({
      title: 'T',
      areaHa: '1200,5',
      'budget.amount': '850000',
      'budget.currency': 'EUR',
      'partners.0.name': 'ISRA',
      'partners.0.organizationId': 'x',
      latitude: '14,15',
      longitude: '-16,25',
    });
  });
});

describe('locations from the form', () => {
  it('makes a point of latitude and longitude, longitude first as GeoJSON wants', () => {
    expect(pointOf({ latitude: '14,15', longitude: '-16,25' }, 'fr')).toEqual({ type: 'Point', coordinates: [-16.25, 14.15] });
    expect(pointOf({ latitude: '', longitude: ' ' }, 'en')).toBeNull();
  });

  it('takes the geometry of a feature or of a collection of one feature', () => {
    const geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    expect(geometryOfGeoJson(JSON.stringify(geometry))).toEqual({ geometry });
    expect(geometryOfGeoJson(JSON.stringify({ type: 'Feature', properties: {}, geometry }))).toEqual({ geometry });
    expect(geometryOfGeoJson(`\uFEFF${JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry }] })}`)).toEqual({ geometry });
    expect(geometryOfGeoJson('{"type": "Point", ')).toBeNull();
  });

  it('sends a missing item to the place where it is fixed', () => {
    expect(placeOfItem('socBaseline')).toEqual({ path: 'edit/carbon', anchor: 'f-socBaseline', section: 'carbon' });
    expect(placeOfItem('statement:2.2')).toEqual({ path: 'statements', anchor: 'c-2-2', section: 'statements' });
    expect(placeOfItem('attachment:concept_note')).toMatchObject({ path: 'attachments' });
  });
});

describe("the API's field errors in the reader's language", () => {
  const pipe = createValidationPipe();
  const refusal = (body: Record<string, unknown>) => pipe.transform(body, { type: 'body', metatype: UpdateProjectDto }).then(() => null, (error: unknown) => error);

  it('words the common rules and keeps the bounds of the API', async () => {
    const error = await refusal({ areaHa: 0, title: 'ab', socBaseline: { stockTonnesPerHa: 'x', depthCm: 30, method: 'm', year: 2026.5 }, startDate: '2027-02-30' });
    expect(localizedFieldErrors(error, t, 'fr')).toEqual({
      areaHa: ['holder.error.min{"min":"0,0001"}'],
      title: ['holder.error.minLength{"min":"3"}'],
      'socBaseline.stockTonnesPerHa': ['holder.error.number'],
      'socBaseline.year': ['holder.error.integer'],
      startDate: ['holder.error.date'],
    });
  });

  it('keeps the detail of a location refusal', async () => {
    const error = await refusal({ location: { type: 'Point', coordinates: [-16, 95] } });
    const errors = localizedFieldErrors(error, t, 'en');
    expect(errors?.location?.[0]).toMatch(/^holder\.error\.location .*latitude 95/);
  });

  it('is null for anything but a validation refusal', () => {
    expect(localizedFieldErrors(new Error('boom'), t, 'en')).toBeNull();
  });
});
