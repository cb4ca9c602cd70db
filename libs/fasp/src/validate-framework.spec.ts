import { type CriteriaFramework } from './framework';
import { REFERENCE_FRAMEWORK } from './reference-framework';
import { editableReference, smallFramework, type DeepMutable } from './test-builders';
import { assertValidFramework, InvalidFrameworkError, isValidFramework, validateFramework } from './validate-framework';

type Editable = DeepMutable<CriteriaFramework>;
/** Lets a case put a value of the wrong type where the schema expects another. */
const wrong = <T>(value: unknown): T => value as T;

/** Runs validation on an edited copy of the reference and returns (path, code) pairs. */
function issuesAfter(edit: (framework: Editable) => void): [string, string][] {
  const framework = editableReference();
  edit(framework);
  return validateFramework(framework).map((issue) => [issue.path, issue.code]);
}

describe('validateFramework', () => {
  it('accepts the reference framework and a minimal one', () => {
    expect(validateFramework(REFERENCE_FRAMEWORK)).toEqual([]);
    expect(validateFramework(smallFramework())).toEqual([]);
    expect(isValidFramework(REFERENCE_FRAMEWORK)).toBe(true);
  });

  it('accepts the framework after a JSON round trip (it is plain data)', () => {
    expect(validateFramework(JSON.parse(JSON.stringify(REFERENCE_FRAMEWORK)))).toEqual([]);
  });

  it.each([null, undefined, 'framework', 42, []])('rejects %p as a whole', (input) => {
    expect(validateFramework(input)).toEqual([{ path: '(root)', code: 'WRONG_TYPE', message: 'The framework must be an object.' }]);
  });

  const cases: [string, (framework: Editable) => void, [string, string][]][] = [
    // Identity of the version.
    ['a blank key', (f) => (f.key = ' '), [['key', 'BLANK_TEXT']]],
    ['a version that is not a positive integer', (f) => (f.version = 1.5), [['version', 'VERSION_INVALID']]],
    ['a version of 0', (f) => (f.version = 0), [['version', 'VERSION_INVALID']]],

    // Steps.
    [
      'duplicate step numbers (the criteria of the second no longer match it either)',
      (f) => (f.steps[3].number = 3),
      [
        ['steps[3].number', 'DUPLICATE_STEP_NUMBER'],
        ['steps[3].criteria[0].code', 'CRITERION_CODE_STEP_MISMATCH'],
        ['steps[3].criteria[0].step', 'CRITERION_CODE_STEP_MISMATCH'],
        ['steps[3].criteria[1].code', 'CRITERION_CODE_STEP_MISMATCH'],
        ['steps[3].criteria[1].step', 'CRITERION_CODE_STEP_MISMATCH'],
      ],
    ],
    [
      'a step number of 0',
      (f) => (f.steps[3].number = 0),
      [
        ['steps[3].number', 'STEP_NUMBER_INVALID'],
        ['steps[3].criteria[0].step', 'CRITERION_CODE_STEP_MISMATCH'],
        ['steps[3].criteria[1].step', 'CRITERION_CODE_STEP_MISMATCH'],
      ],
    ],
    ['an unknown step type', (f) => (f.steps[2].type = wrong('cobenefits')), [['steps[2].type', 'STEP_TYPE_INVALID']]],
    ['a weight of 0', (f) => (f.steps[1].weight = 0), [['steps[1].weight', 'WEIGHT_NOT_POSITIVE']]],
    ['a negative weight', (f) => (f.steps[0].weight = -1), [['steps[0].weight', 'WEIGHT_NOT_POSITIVE']]],
    ['a weight that is not a number', (f) => (f.steps[0].weight = wrong('3')), [['steps[0].weight', 'WRONG_TYPE']]],
    ['a weight that is NaN', (f) => (f.steps[0].weight = NaN), [['steps[0].weight', 'WRONG_TYPE']]],
    ['a step without criteria', (f) => (f.steps[3].criteria = []), [['steps[3].criteria', 'STEP_WITHOUT_CRITERIA']]],
    ['a framework without steps', (f) => (f.steps = []), expect.arrayContaining([['steps', 'STEP_WITHOUT_CRITERIA']]) as never],
    ['steps that are not an array', (f) => (f.steps = wrong({})), expect.arrayContaining([['steps', 'WRONG_TYPE']]) as never],

    // Criteria.
    [
      'a duplicate criterion code (its indicators are duplicated too)',
      (f) => f.steps[1].criteria.push(structuredClone(f.steps[1].criteria[2])),
      [
        ['steps[1].criteria[5].code', 'DUPLICATE_CRITERION_CODE'],
        ['steps[1].criteria[5].indicators[0].code', 'DUPLICATE_INDICATOR_CODE'],
        ['steps[1].criteria[5].indicators[1].code', 'DUPLICATE_INDICATOR_CODE'],
      ],
    ],
    [
      'a criterion code that does not match its step',
      (f) => {
        const criterion = f.steps[2].criteria[0];
        criterion.code = '2.9';
        criterion.indicators.forEach((indicator, index) => (indicator.code = `2.9.${index + 1}`));
      },
      [['steps[2].criteria[0].code', 'CRITERION_CODE_STEP_MISMATCH']],
    ],
    [
      'a criterion whose step field disagrees with the step holding it',
      (f) => (f.steps[0].criteria[0].step = 2),
      [['steps[0].criteria[0].step', 'CRITERION_CODE_STEP_MISMATCH']],
    ],
    [
      'a criterion code that is not <step>.<n>',
      (f) => {
        const criterion = f.steps[2].criteria[0];
        criterion.code = '3a';
        criterion.indicators.forEach((indicator, index) => (indicator.code = `3a.${index + 1}`));
      },
      [['steps[2].criteria[0].code', 'CRITERION_CODE_INVALID']],
    ],
    ['an SDG out of 1-17', (f) => (f.steps[0].criteria[0].sdgs = [1, 18]), [['steps[0].criteria[0].sdgs[1]', 'SDG_INVALID']]],
    ['an SDG listed twice', (f) => (f.steps[0].criteria[1].sdgs = [16, 16]), [['steps[0].criteria[1].sdgs[1]', 'DUPLICATE_SDG']]],
    ['an unknown status', (f) => (f.steps[1].criteria[3].status = wrong('draft')), [['steps[1].criteria[3].status', 'STATUS_INVALID']]],
    ['naAllowed that is not a boolean', (f) => (f.steps[2].criteria[2].naAllowed = wrong('yes')), [['steps[2].criteria[2].naAllowed', 'WRONG_TYPE']]],
    [
      'a criterion without indicators',
      (f) => (f.steps[2].criteria[1].indicators = []),
      [['steps[2].criteria[1].indicators', 'CRITERION_WITHOUT_INDICATORS']],
    ],
    [
      'an indicator code outside its criterion',
      (f) => (f.steps[2].criteria[1].indicators[0].code = '3.1.9'),
      [['steps[2].criteria[1].indicators[0].code', 'INDICATOR_CODE_INVALID']],
    ],
    ['a blank metric', (f) => (f.steps[1].criteria[1].indicators[0].metric = ''), [['steps[1].criteria[1].indicators[0].metric', 'BLANK_TEXT']]],

    // Labels, in every place a person reads one.
    ['a missing French criterion name', (f) => delete (f.steps[1].criteria[2].names as Partial<Editable['names']>).fr, [['steps[1].criteria[2].names.fr', 'LABEL_MISSING']]],
    ['a blank Spanish step name', (f) => (f.steps[0].names.es = '  '), [['steps[0].names.es', 'LABEL_MISSING']]],
    ['a missing English framework name', (f) => (f.names.en = wrong(undefined)), [['names.en', 'LABEL_MISSING']]],
    ['a blank harm question', (f) => (f.steps[0].criteria[2].guidance.harm.fr = ''), [['steps[0].criteria[2].guidance.harm.fr', 'LABEL_MISSING']]],
    [
      'a blank contribute question',
      (f) => (f.steps[3].criteria[1].guidance.contribute.es = ''),
      [['steps[3].criteria[1].guidance.contribute.es', 'LABEL_MISSING']],
    ],
    ['guidance missing', (f) => (f.steps[3].criteria[1].guidance = wrong(undefined)), [['steps[3].criteria[1].guidance', 'WRONG_TYPE']]],
    [
      'a blank indicator name',
      (f) => (f.steps[1].criteria[0].indicators[1].name.es = ''),
      [['steps[1].criteria[0].indicators[1].name.es', 'LABEL_MISSING']],
    ],
    [
      'a blank indicator method',
      (f) => (f.steps[1].criteria[0].indicators[1].method.en = ''),
      [['steps[1].criteria[0].indicators[1].method.en', 'LABEL_MISSING']],
    ],
    ['a blank scale label', (f) => (f.scale.levels[4].labels.fr = ''), [['scale.levels[4].labels.fr', 'LABEL_MISSING']]],
    ['a blank harm label', (f) => (f.scale.harm[2].labels.es = ''), [['scale.harm[2].labels.es', 'LABEL_MISSING']]],
    ['a blank n/a label', (f) => (f.scale.notApplicable.en = ''), [['scale.notApplicable.en', 'LABEL_MISSING']]],

    // Scale.
    ['a scale without level 4', (f) => f.scale.levels.pop(), [['scale.levels', 'SCALE_NOT_0_TO_4']]],
    ['a scale with a level 5', (f) => f.scale.levels.push({ score: wrong(5), labels: f.scale.levels[4].labels }), [['scale.levels', 'SCALE_NOT_0_TO_4']]],
    ['a scale with a level twice', (f) => (f.scale.levels[4].score = 3), [['scale.levels', 'SCALE_NOT_0_TO_4']]],
    ['a scale level given as text', (f) => (f.scale.levels[2].score = wrong('2')), [['scale.levels', 'SCALE_NOT_0_TO_4']]],
    ['a harm scale without unclear', (f) => f.scale.harm.splice(2, 1), [['scale.harm', 'HARM_SCALE_INVALID']]],
    ['a harm scale with an unknown judgement', (f) => (f.scale.harm[0].judgement = wrong('fine')), [['scale.harm', 'HARM_SCALE_INVALID']]],

    // Rules.
    ['a gate on an unknown step', (f) => (f.rules.safeguardGate.step = 9), [['rules.safeguardGate.step', 'UNKNOWN_STEP']]],
    ['a gate on a step that is not the safeguards', (f) => (f.rules.safeguardGate.step = 2), [['rules.safeguardGate.step', 'GATE_NOT_SAFEGUARDS']]],
    ['n/a allowed on a safeguard', (f) => (f.steps[0].criteria[1].naAllowed = true), [['steps[0].criteria[1].naAllowed', 'NA_ON_SAFEGUARD']]],
    [
      'a step mean threshold on an unknown step',
      (f) => (f.rules.positiveThreshold.stepMeans[0].step = 7),
      [['rules.positiveThreshold.stepMeans[0].step', 'UNKNOWN_STEP']],
    ],
    [
      'a step mean threshold above the scale',
      (f) => (f.rules.positiveThreshold.stepMeans[0].min = 4.5),
      [['rules.positiveThreshold.stepMeans[0].min', 'BAD_THRESHOLD']],
    ],
    [
      'a step mean threshold below the scale',
      (f) => (f.rules.positiveThreshold.stepMeans[0].min = -1),
      [['rules.positiveThreshold.stepMeans[0].min', 'BAD_THRESHOLD']],
    ],
    [
      'a step mean threshold given twice for a step',
      (f) => f.rules.positiveThreshold.stepMeans.push({ step: 2, min: 3 }),
      [['rules.positiveThreshold.stepMeans[1]', 'DUPLICATE_RULE_ENTRY']],
    ],
    [
      'a minimum on an unknown criterion',
      (f) => (f.rules.positiveThreshold.criterionMinimums[0].code = '2.9'),
      [['rules.positiveThreshold.criterionMinimums[0].code', 'UNKNOWN_CRITERION']],
    ],
    [
      'a minimum above the scale',
      (f) => (f.rules.positiveThreshold.criterionMinimums[0].min = 5),
      [['rules.positiveThreshold.criterionMinimums[0].min', 'BAD_THRESHOLD']],
    ],
    [
      'a minimum that is not a number',
      (f) => (f.rules.positiveThreshold.criterionMinimums[0].min = wrong('2')),
      [['rules.positiveThreshold.criterionMinimums[0].min', 'WRONG_TYPE']],
    ],
    [
      'two minimums on one criterion',
      (f) => f.rules.positiveThreshold.criterionMinimums.push({ code: '2.2', min: 3 }),
      [['rules.positiveThreshold.criterionMinimums[1]', 'DUPLICATE_RULE_ENTRY']],
    ],
    [
      'a minimum on a criterion that allows n/a',
      (f) => f.rules.positiveThreshold.criterionMinimums.push({ code: '2.5', min: 1 }),
      [['rules.positiveThreshold.criterionMinimums[1].code', 'NA_ON_MINIMUM_CRITERION']],
    ],
    [
      'n/a allowed on a criterion that has a minimum',
      (f) => (f.steps[1].criteria[1].naAllowed = true),
      [['rules.positiveThreshold.criterionMinimums[0].code', 'NA_ON_MINIMUM_CRITERION']],
    ],
    [
      'a no-zero rule on an unknown step',
      (f) => (f.rules.positiveThreshold.noZeroInSteps = [2, 6]),
      [['rules.positiveThreshold.noZeroInSteps[1]', 'UNKNOWN_STEP']],
    ],
    [
      'a no-zero rule listing a step twice',
      (f) => (f.rules.positiveThreshold.noZeroInSteps = [2, 2]),
      [['rules.positiveThreshold.noZeroInSteps[1]', 'DUPLICATE_RULE_ENTRY']],
    ],
    ['a divergence threshold of 0', (f) => (f.rules.divergence.minSpread = 0), [['rules.divergence.minSpread', 'BAD_THRESHOLD']]],
    ['a divergence threshold wider than the scale', (f) => (f.rules.divergence.minSpread = 5), [['rules.divergence.minSpread', 'BAD_THRESHOLD']]],
    ['a fractional divergence threshold', (f) => (f.rules.divergence.minSpread = 1.5), [['rules.divergence.minSpread', 'BAD_THRESHOLD']]],
    [
      'an aggregation the engine does not implement',
      (f) => (f.rules.aggregation.criterion = wrong('mean')),
      [['rules.aggregation.criterion', 'AGGREGATION_UNSUPPORTED']],
    ],
    ['rules missing', (f) => (f.rules = wrong(undefined)), [['rules', 'WRONG_TYPE']]],
    [
      'a threshold rule missing',
      (f) => (f.rules.positiveThreshold = wrong(null)),
      [['rules.positiveThreshold', 'WRONG_TYPE']],
    ],
  ];

  it.each(cases)('rejects %s', (_name, edit, expected) => {
    expect(issuesAfter(edit)).toEqual(expected);
  });

  it('reports every problem at once, each with a message naming what is wrong', () => {
    const framework = editableReference();
    framework.steps[1].weight = 0;
    framework.steps[2].criteria[0].names.fr = '';
    framework.rules.divergence.minSpread = 7;
    const issues = validateFramework(framework);
    expect(issues.map((issue) => issue.code)).toEqual(['WEIGHT_NOT_POSITIVE', 'LABEL_MISSING', 'BAD_THRESHOLD']);
    expect(issues[0].message).toBe('steps[1].weight must be greater than 0 (got 0).');
    expect(issues[1].message).toContain('steps[2].criteria[0].names.fr');
    expect(issues[2].message).toContain('(got 7)');
  });

  it('asserts a valid framework and throws with the issues otherwise', () => {
    expect(() => assertValidFramework(REFERENCE_FRAMEWORK)).not.toThrow();
    const framework = editableReference();
    framework.steps[0].weight = -2;
    let caught: unknown;
    try {
      assertValidFramework(framework);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidFrameworkError);
    expect((caught as InvalidFrameworkError).issues).toHaveLength(1);
    expect((caught as InvalidFrameworkError).message).toContain('steps[0].weight');
  });
});
