import { REFERENCE_FRAMEWORK } from '@fasp/core';
import request from 'supertest';
import { FrameworkVersion } from '../../src/modules/criteria/entities/framework-version.entity';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createDraftCall } from '../helpers/calls';
import { deleteQueuePrefix } from '../helpers/redis';
import { createFramework, DeepMutable, expectLocalizedTree, multilingualObjects, referenceDefinition } from '../helpers/frameworks';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

type Definition = ReturnType<typeof referenceDefinition>;

/** Criteria frameworks through real HTTP: the seeded reference, versions, validation, freezing, roles. */
describe('criteria frameworks (e2e)', () => {
  let engine: TestEngine;
  let admin: TestAccount;
  let secretariat: TestAccount;
  let holder: TestAccount;
  let reviewer: TestAccount;
  let v1Id: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    [admin, secretariat, holder, reviewer] = await Promise.all([
      createAccount(engine, { roles: ['admin'] }),
      createAccount(engine, { roles: ['secretariat'] }),
      createHolder(engine),
      createAccount(engine, { roles: ['reviewer'] }),
    ]);
  });
  afterAll(() => engine?.close());

  const api = () => request(engine.url);
  const countRows = async (): Promise<number> => engine.dataSource.getRepository(FrameworkVersion).count();

  describe('the reference framework, loaded when the API starts', () => {
    it('is listed as fasp v1, published, with 13 criteria', async () => {
      const res = await api().get('/api/frameworks').set('authorization', holder.bearer).expect(200);
      expect(res.body).toEqual({ items: [expect.any(Object)], nextCursor: null });
      expect(res.body.items[0]).toEqual({
        id: expect.any(String),
        key: 'fasp',
        version: 1,
        status: 'published',
        names: REFERENCE_FRAMEWORK.names,
        criteriaCount: 13,
        clonedFromId: null,
        publishedAt: expect.stringMatching(/Z$/),
        createdAt: expect.stringMatching(/Z$/),
      });
      v1Id = res.body.items[0].id;
    });

    it('returns the whole reference tree', async () => {
      const res = await api().get(`/api/frameworks/${v1Id}`).set('authorization', reviewer.bearer).expect(200);
      expect(res.body).toMatchObject({ id: v1Id, key: 'fasp', version: 1, status: 'published', criteriaCount: 13 });
      expect(res.body.definition).toEqual(JSON.parse(JSON.stringify(REFERENCE_FRAMEWORK)));
    });

    it('is not loaded twice when another API process starts on the same database', async () => {
      const second = await startTestEngine({ database: engine.database, env: { APP_ROLES: 'api' } });
      await second.close({ dropData: false });
      await deleteQueuePrefix(second.config.queuePrefix);
      expect(await engine.dataSource.getRepository(FrameworkVersion).countBy({ key: 'fasp', version: 1 })).toBe(1);
      expect(await countRows()).toBe(1);
    });
  });

  describe('reading', () => {
    it('is open to every signed-in person and to nobody else', async () => {
      for (const account of [admin, secretariat, holder, reviewer]) {
        await api().get('/api/frameworks').set('authorization', account.bearer).expect(200);
        await api().get(`/api/frameworks/${v1Id}`).set('authorization', account.bearer).expect(200);
      }
      for (const path of ['/api/frameworks', `/api/frameworks/${v1Id}`]) {
        const res = await api().get(path);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
    });

    it('answers 404 for an unknown version and 400 for a malformed id', async () => {
      const missing = await api().get('/api/frameworks/00000000-0000-4000-8000-000000000000').set('authorization', holder.bearer);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      const malformed = await api().get('/api/frameworks/v1').set('authorization', holder.bearer);
      expect(malformed.status).toBe(400);
      expect(malformed.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['id']);
    });

    it.each(['fr', 'es', 'en'] as const)('?lang=%s gives every label as a string in that language', async (lang) => {
      const res = await api().get(`/api/frameworks/${v1Id}?lang=${lang}`).set('authorization', holder.bearer).expect(200);
      expect(multilingualObjects(res.body)).toEqual([]);
      expect(res.body.names).toBe(REFERENCE_FRAMEWORK.names[lang]);
      // the same tree, each label replaced by its text: names, steps, criteria, guidance, indicators, scale
      expect(expectLocalizedTree(res.body.definition, REFERENCE_FRAMEWORK, lang)).toBeGreaterThan(100);
      expect(res.body.definition.steps[1].criteria[1]).toMatchObject({ code: '2.2', names: REFERENCE_FRAMEWORK.steps[1].criteria[1].names[lang] });
    });

    it('refuses a language that is not a working language', async () => {
      const res = await api().get(`/api/frameworks/${v1Id}?lang=de`).set('authorization', holder.bearer);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.fields).toEqual([expect.objectContaining({ field: 'lang', rules: ['isIn'] })]);
    });

    it('reads the tree with a single query on criteria_framework', async () => {
      const logQuery = jest.spyOn(engine.dataSource.logger, 'logQuery');
      try {
        const res = await api().get(`/api/frameworks/${v1Id}`).set('authorization', holder.bearer).expect(200);
        expect(res.body.criteriaCount).toBe(13);
        const frameworkQueries = logQuery.mock.calls.map(([sql]) => sql).filter((sql) => /criteria|framework|indicator|step/i.test(sql));
        expect(frameworkQueries).toHaveLength(1);
      } finally {
        logQuery.mockRestore();
      }
    });
  });

  describe('versions', () => {
    it('an admin creates an empty draft and a draft cloned from v1, numbered 2 and 3', async () => {
      const empty = await api().post('/api/frameworks').set('authorization', admin.bearer).send({});
      expect(empty.status).toBe(201);
      expect(empty.body).toEqual({
        id: expect.any(String),
        key: 'fasp',
        version: 2,
        status: 'draft',
        names: null,
        criteriaCount: 0,
        clonedFromId: null,
        publishedAt: null,
        createdAt: expect.any(String),
        definition: null,
      });

      const clone = await api().post('/api/frameworks').set('authorization', admin.bearer).send({ cloneFromId: v1Id });
      expect(clone.status).toBe(201);
      expect(clone.body).toMatchObject({ key: 'fasp', version: 3, status: 'draft', criteriaCount: 13, clonedFromId: v1Id, publishedAt: null });
      expect(clone.body.definition).toEqual({ ...JSON.parse(JSON.stringify(REFERENCE_FRAMEWORK)), version: 3 });

      const listed = await api().get('/api/frameworks?key=fasp').set('authorization', reviewer.bearer).expect(200);
      expect(listed.body.items.map((item: { version: number }) => item.version)).toEqual([3, 2, 1]);
      const drafts = await api().get('/api/frameworks?status=draft').set('authorization', reviewer.bearer).expect(200);
      expect(drafts.body.items.map((item: { id: string }) => item.id)).toEqual([clone.body.id, empty.body.id]);
    });

    it('concurrent creations in one family get distinct consecutive numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => api().post('/api/frameworks').set('authorization', admin.bearer).send({ key: 'concurrent', cloneFromId: v1Id })),
      );
      expect(results.map((res) => res.status)).toEqual(Array(6).fill(201));
      expect(results.map((res) => res.body.version as number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      for (const res of results) expect(res.body.definition).toMatchObject({ key: 'concurrent', version: res.body.version });
    });

    it('refuses a clone of an unknown version (404) and a malformed key (400)', async () => {
      const before = await countRows();
      const unknown = await api().post('/api/frameworks').set('authorization', admin.bearer).send({ cloneFromId: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
      const badKey = await api().post('/api/frameworks').set('authorization', admin.bearer).send({ key: 'Not A Key', extra: true });
      expect(badKey.status).toBe(400);
      expect(badKey.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['extra', 'key']);
      expect(await countRows()).toBe(before);
    });
  });

  describe('editing a draft', () => {
    let draftId: string;
    let stored: { definition: Definition; updatedAt: Date };

    beforeAll(async () => {
      draftId = (await createFramework(engine, admin, { cloneFromId: v1Id })).id;
    });

    const readStored = async () => {
      const row = await engine.dataSource.getRepository(FrameworkVersion).findOneByOrFail({ id: draftId });
      return { definition: row.definition as Definition, updatedAt: row.updatedAt };
    };

    const cases: Array<[string, (tree: Definition) => void, { path: string; code: string }]> = [
      ['a duplicate criterion code', (tree) => (tree.steps[1].criteria[1].code = '2.1'), { path: 'steps[1].criteria[1].code', code: 'DUPLICATE_CRITERION_CODE' }],
      ['a step without criteria', (tree) => (tree.steps[3].criteria = []), { path: 'steps[3].criteria', code: 'STEP_WITHOUT_CRITERIA' }],
      [
        'a missing French label',
        (tree) => delete (tree.steps[0].criteria[1].names as Partial<DeepMutable<Record<string, string>>>).fr,
        { path: 'steps[0].criteria[1].names.fr', code: 'LABEL_MISSING' },
      ],
      ['a blank Spanish indicator name', (tree) => (tree.steps[1].criteria[0].indicators[0].name.es = '  '), { path: 'steps[1].criteria[0].indicators[0].name.es', code: 'LABEL_MISSING' }],
      [
        'a rule naming an unknown criterion',
        (tree) => (tree.rules.positiveThreshold.criterionMinimums[0].code = '9.9'),
        { path: 'rules.positiveThreshold.criterionMinimums[0].code', code: 'UNKNOWN_CRITERION' },
      ],
      ['a rule naming an unknown step', (tree) => (tree.rules.positiveThreshold.noZeroInSteps = [7]), { path: 'rules.positiveThreshold.noZeroInSteps[0]', code: 'UNKNOWN_STEP' }],
      ['a zero weight', (tree) => (tree.steps[2].weight = 0), { path: 'steps[2].weight', code: 'WEIGHT_NOT_POSITIVE' }],
      ['a negative weight', (tree) => (tree.steps[0].weight = -1), { path: 'steps[0].weight', code: 'WEIGHT_NOT_POSITIVE' }],
    ];

    it.each(cases)('refuses %s with 422 FRAMEWORK_INVALID pointing at it, and saves nothing', async (_name, spoil, issue) => {
      const before = await readStored();
      const tree = referenceDefinition();
      spoil(tree);
      const res = await api().patch(`/api/frameworks/${draftId}`).set('authorization', admin.bearer).send({ definition: tree });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('FRAMEWORK_INVALID');
      expect(res.body.details.issues).toContainEqual({ ...issue, message: expect.any(String) });
      expect(await readStored()).toEqual(before);
    });

    it('reports every problem at once', async () => {
      const tree = referenceDefinition();
      tree.steps[2].weight = 0;
      tree.steps[3].criteria = [];
      const res = await api().patch(`/api/frameworks/${draftId}`).set('authorization', admin.bearer).send({ definition: tree }).expect(422);
      expect(res.body.details.issues.map((issue: { path: string }) => issue.path)).toEqual(expect.arrayContaining(['steps[2].weight', 'steps[3].criteria']));
    });

    it('refuses a body without an object definition, or with unknown fields (400)', async () => {
      for (const body of [{}, { definition: 'tree' }, { definition: [] }, { definition: referenceDefinition(), status: 'published' }]) {
        const res = await api().patch(`/api/frameworks/${draftId}`).set('authorization', admin.bearer).send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('saves a valid change, keeping the key and version the server set', async () => {
      const tree = referenceDefinition();
      tree.steps[1].criteria[2].status = 'verified';
      tree.steps[1].criteria[2].names.fr = 'Sécurité alimentaire et nutrition (révisé)';
      tree.rules.divergence.minSpread = 3;
      const res = await api()
        .patch(`/api/frameworks/${draftId}`)
        .set('authorization', admin.bearer)
        .send({ definition: { ...tree, key: 'other', version: 99 } });
      expect(res.status).toBe(200);
      stored = await readStored();
      const expected = { ...tree, key: 'fasp', version: stored.definition.version };
      expect(res.body.definition).toEqual(expected);

      const read = await api().get(`/api/frameworks/${draftId}`).set('authorization', secretariat.bearer).expect(200);
      expect(read.body).toMatchObject({ key: 'fasp', status: 'draft', criteriaCount: 13 });
      expect(read.body.definition).toEqual(expected);
      expect(read.body.definition.steps[1].criteria[2]).toMatchObject({ code: '2.3', status: 'verified' });
      const fr = await api().get(`/api/frameworks/${draftId}?lang=fr`).set('authorization', secretariat.bearer).expect(200);
      expect(fr.body.definition.steps[1].criteria[2].names).toBe('Sécurité alimentaire et nutrition (révisé)');
    });

    it('publishes it, then never changes it again (409 FRAMEWORK_IMMUTABLE)', async () => {
      const published = await api().post(`/api/frameworks/${draftId}/publish`).set('authorization', admin.bearer).send();
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ id: draftId, status: 'published', publishedAt: expect.stringMatching(/Z$/) });
      expect(published.body.definition).toEqual(JSON.parse(JSON.stringify(stored.definition)));
      const frozen = await readStored();

      const patch = await api().patch(`/api/frameworks/${draftId}`).set('authorization', admin.bearer).send({ definition: referenceDefinition() });
      expect(patch.status).toBe(409);
      expect(patch.body.code).toBe('FRAMEWORK_IMMUTABLE');
      const again = await api().post(`/api/frameworks/${draftId}/publish`).set('authorization', admin.bearer).send();
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('FRAMEWORK_IMMUTABLE');
      const v1Patch = await api().patch(`/api/frameworks/${v1Id}`).set('authorization', admin.bearer).send({ definition: referenceDefinition() });
      expect(v1Patch.status).toBe(409);
      expect(v1Patch.body.code).toBe('FRAMEWORK_IMMUTABLE');
      expect(await readStored()).toEqual(frozen);
    });
  });

  describe('publishing', () => {
    it('refuses an empty draft (422) and leaves it a draft', async () => {
      const empty = await createFramework(engine, admin);
      const res = await api().post(`/api/frameworks/${empty.id}/publish`).set('authorization', admin.bearer).send();
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('FRAMEWORK_INVALID');
      expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'definition' })]);
      const read = await api().get(`/api/frameworks/${empty.id}`).set('authorization', admin.bearer).expect(200);
      expect(read.body).toMatchObject({ status: 'draft', publishedAt: null, definition: null });
    });

    it('two publications at once: one succeeds, the other meets a frozen version', async () => {
      const draft = await createFramework(engine, admin, { cloneFromId: v1Id });
      const results = await Promise.all([0, 1].map(() => api().post(`/api/frameworks/${draft.id}/publish`).set('authorization', admin.bearer).send()));
      expect(results.map((res) => res.status).sort()).toEqual([200, 409]);
      expect(results.find((res) => res.status === 409)!.body.code).toBe('FRAMEWORK_IMMUTABLE');
    });

    it('answers 404 for an unknown version', async () => {
      const res = await api().post('/api/frameworks/00000000-0000-4000-8000-000000000000/publish').set('authorization', admin.bearer).send();
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('deleting', () => {
    it('refuses a version a call uses (409 FRAMEWORK_IN_USE) and keeps it', async () => {
      const v2 = await createFramework(engine, admin, { cloneFromId: v1Id, publish: true });
      await createDraftCall(engine, { frameworkId: v2.id });
      await createDraftCall(engine);
      for (const id of [v1Id, v2.id]) {
        const res = await api().delete(`/api/frameworks/${id}`).set('authorization', admin.bearer);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('FRAMEWORK_IN_USE');
        await api().get(`/api/frameworks/${id}`).set('authorization', admin.bearer).expect(200);
      }
    });

    it('deletes an unused draft (204), which is then gone', async () => {
      const draft = await createFramework(engine, admin, { cloneFromId: v1Id });
      await api().delete(`/api/frameworks/${draft.id}`).set('authorization', admin.bearer).expect(204);
      const res = await api().get(`/api/frameworks/${draft.id}`).set('authorization', admin.bearer);
      expect(res.status).toBe(404);
      const again = await api().delete(`/api/frameworks/${draft.id}`).set('authorization', admin.bearer);
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('NOT_FOUND');
    });
  });

  describe('who may write', () => {
    it('only an admin: secretariat, holder and reviewer get 403, anonymous 401, and nothing changes', async () => {
      const draft = await createFramework(engine, admin, { cloneFromId: v1Id });
      const before = await countRows();
      const writes = [
        () => api().post('/api/frameworks').send({ cloneFromId: v1Id }),
        () => api().patch(`/api/frameworks/${draft.id}`).send({ definition: referenceDefinition() }),
        () => api().post(`/api/frameworks/${draft.id}/publish`).send(),
        () => api().delete(`/api/frameworks/${draft.id}`),
      ];
      for (const write of writes) {
        for (const account of [secretariat, holder, reviewer]) {
          const res = await write().set('authorization', account.bearer);
          expect(res.status).toBe(403);
          expect(res.body.code).toBe('FORBIDDEN');
        }
        const anonymous = await write();
        expect(anonymous.status).toBe(401);
        expect(anonymous.body.code).toBe('UNAUTHENTICATED');
      }
      expect(await countRows()).toBe(before);
      const read = await api().get(`/api/frameworks/${draft.id}`).set('authorization', admin.bearer).expect(200);
      expect(read.body.status).toBe('draft');
      expect(read.body.definition).toEqual({ ...JSON.parse(JSON.stringify(REFERENCE_FRAMEWORK)), version: draft.version });
    });
  });
});
