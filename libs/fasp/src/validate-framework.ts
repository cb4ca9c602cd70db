import {
  AGGREGATION,
  CRITERION_STATUSES,
  HARM_JUDGEMENTS,
  MAX_SCORE,
  MIN_SCORE,
  SCORES,
  STEP_TYPES,
  type CriteriaFramework,
} from './framework';
import { LANGUAGES } from './vocabulary';

export type FrameworkIssueCode =
  | 'WRONG_TYPE'
  | 'BLANK_TEXT'
  | 'LABEL_MISSING'
  | 'VERSION_INVALID'
  | 'STEP_NUMBER_INVALID'
  | 'DUPLICATE_STEP_NUMBER'
  | 'STEP_TYPE_INVALID'
  | 'WEIGHT_NOT_POSITIVE'
  | 'STEP_WITHOUT_CRITERIA'
  | 'CRITERION_CODE_INVALID'
  | 'CRITERION_CODE_STEP_MISMATCH'
  | 'DUPLICATE_CRITERION_CODE'
  | 'SDG_INVALID'
  | 'DUPLICATE_SDG'
  | 'STATUS_INVALID'
  | 'CRITERION_WITHOUT_INDICATORS'
  | 'INDICATOR_CODE_INVALID'
  | 'DUPLICATE_INDICATOR_CODE'
  | 'SCALE_NOT_0_TO_4'
  | 'HARM_SCALE_INVALID'
  | 'UNKNOWN_STEP'
  | 'UNKNOWN_CRITERION'
  | 'GATE_NOT_SAFEGUARDS'
  | 'NA_ON_SAFEGUARD'
  | 'NA_ON_MINIMUM_CRITERION'
  | 'BAD_THRESHOLD'
  | 'DUPLICATE_RULE_ENTRY'
  | 'AGGREGATION_UNSUPPORTED';

/**
 * One problem in a framework version. `path` locates it in the JSON document
 * (`steps[1].criteria[2].names.fr`); `message` is for the administrator editing the version,
 * and `code` is what a caller matches on (and translates, if it shows it to someone else).
 */
export interface FrameworkIssue {
  readonly path: string;
  readonly code: FrameworkIssueCode;
  readonly message: string;
}

const CRITERION_CODE = /^([1-9][0-9]*)\.([1-9][0-9]*)$/;
const SDG_COUNT = 17;

type Json = Record<string, unknown>;

/**
 * Checks a framework version, given as untrusted JSON (an upload, a stored row), and returns
 * every problem found; an empty list means the value is a valid `CriteriaFramework`. Checking
 * goes on after a problem so that an administrator sees all of them at once.
 */
export function validateFramework(input: unknown): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  const add = (path: string, code: FrameworkIssueCode, message: string): void => {
    issues.push({ path, code, message });
  };
  const at = (parent: string, key: string | number): string =>
    typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

  const object = (value: unknown, path: string): Json | undefined => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    add(path || '(root)', 'WRONG_TYPE', `${path || 'The framework'} must be an object.`);
    return undefined;
  };
  const array = (value: unknown, path: string): readonly unknown[] | undefined => {
    if (Array.isArray(value)) return value;
    add(path, 'WRONG_TYPE', `${path} must be an array.`);
    return undefined;
  };
  const text = (value: unknown, path: string): string | undefined => {
    if (typeof value !== 'string') {
      add(path, 'WRONG_TYPE', `${path} must be a string.`);
      return undefined;
    }
    if (value.trim() === '') {
      add(path, 'BLANK_TEXT', `${path} must not be blank.`);
      return undefined;
    }
    return value;
  };
  const finite = (value: unknown, path: string): number | undefined => {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    add(path, 'WRONG_TYPE', `${path} must be a finite number.`);
    return undefined;
  };
  const localized = (value: unknown, path: string): void => {
    const record = object(value, path);
    if (!record) return;
    for (const language of LANGUAGES) {
      const label = record[language];
      if (typeof label !== 'string' || label.trim() === '') {
        add(at(path, language), 'LABEL_MISSING', `${at(path, language)} is missing or blank: every label exists in en, fr and es.`);
      }
    }
  };

  const root = object(input, '');
  if (!root) return issues;

  text(root.key, 'key');
  if (!(typeof root.version === 'number' && Number.isInteger(root.version) && root.version >= 1)) {
    add('version', 'VERSION_INVALID', 'version must be a positive integer.');
  }
  localized(root.names, 'names');

  // Steps and criteria. Collected as we go for the cross-references checked by the rules.
  const stepTypes = new Map<number, unknown>();
  const criterionNa = new Map<string, boolean>();
  const criterionStep = new Map<string, number>();
  const criterionPaths = new Map<string, string>();
  const indicatorCodes = new Map<string, string>();

  const steps = array(root.steps, 'steps') ?? [];
  if (Array.isArray(root.steps) && steps.length === 0) {
    add('steps', 'STEP_WITHOUT_CRITERIA', 'steps must hold at least one step.');
  }
  steps.forEach((rawStep, stepIndex) => {
    const stepPath = at('steps', stepIndex);
    const step = object(rawStep, stepPath);
    if (!step) return;

    let stepNumber: number | undefined;
    if (typeof step.number === 'number' && Number.isInteger(step.number) && step.number >= 1) {
      stepNumber = step.number;
      if (stepTypes.has(stepNumber)) {
        add(at(stepPath, 'number'), 'DUPLICATE_STEP_NUMBER', `Step number ${stepNumber} is used by more than one step.`);
      } else {
        stepTypes.set(stepNumber, step.type);
      }
    } else {
      add(at(stepPath, 'number'), 'STEP_NUMBER_INVALID', `${at(stepPath, 'number')} must be a positive integer.`);
    }
    if (!(STEP_TYPES as readonly unknown[]).includes(step.type)) {
      add(at(stepPath, 'type'), 'STEP_TYPE_INVALID', `${at(stepPath, 'type')} must be one of ${STEP_TYPES.join(', ')}.`);
    }
    const weight = finite(step.weight, at(stepPath, 'weight'));
    if (weight !== undefined && weight <= 0) {
      add(at(stepPath, 'weight'), 'WEIGHT_NOT_POSITIVE', `${at(stepPath, 'weight')} must be greater than 0 (got ${weight}).`);
    }
    localized(step.names, at(stepPath, 'names'));

    const criteriaPath = at(stepPath, 'criteria');
    const criteria = array(step.criteria, criteriaPath);
    if (criteria && criteria.length === 0) {
      add(criteriaPath, 'STEP_WITHOUT_CRITERIA', `Step ${stepNumber ?? stepIndex + 1} has no criteria.`);
    }
    (criteria ?? []).forEach((rawCriterion, criterionIndex) => {
      const criterionPath = at(criteriaPath, criterionIndex);
      const criterion = object(rawCriterion, criterionPath);
      if (!criterion) return;

      const code = text(criterion.code, at(criterionPath, 'code'));
      if (code !== undefined) {
        const match = CRITERION_CODE.exec(code);
        if (!match) {
          add(at(criterionPath, 'code'), 'CRITERION_CODE_INVALID', `Criterion code "${code}" must read <step>.<n>, e.g. 2.2.`);
        } else if (stepNumber !== undefined && Number(match[1]) !== stepNumber) {
          add(
            at(criterionPath, 'code'),
            'CRITERION_CODE_STEP_MISMATCH',
            `Criterion code "${code}" does not belong to step ${stepNumber}: it must start with "${stepNumber}.".`,
          );
        }
        if (criterionStep.has(code)) {
          add(at(criterionPath, 'code'), 'DUPLICATE_CRITERION_CODE', `Criterion code "${code}" is used more than once.`);
        } else if (stepNumber !== undefined) {
          criterionStep.set(code, stepNumber);
          criterionPaths.set(code, criterionPath);
          criterionNa.set(code, criterion.naAllowed === true);
        }
      }
      if (criterion.step !== stepNumber) {
        add(
          at(criterionPath, 'step'),
          'CRITERION_CODE_STEP_MISMATCH',
          `${at(criterionPath, 'step')} is ${JSON.stringify(criterion.step)} but the criterion sits in step ${stepNumber ?? '(invalid)'}.`,
        );
      }
      localized(criterion.names, at(criterionPath, 'names'));

      const sdgsPath = at(criterionPath, 'sdgs');
      const sdgs = array(criterion.sdgs, sdgsPath) ?? [];
      const seenSdgs = new Set<unknown>();
      sdgs.forEach((sdg, sdgIndex) => {
        if (!(typeof sdg === 'number' && Number.isInteger(sdg) && sdg >= 1 && sdg <= SDG_COUNT)) {
          add(at(sdgsPath, sdgIndex), 'SDG_INVALID', `${at(sdgsPath, sdgIndex)} must be an SDG number from 1 to ${SDG_COUNT}.`);
        } else if (seenSdgs.has(sdg)) {
          add(at(sdgsPath, sdgIndex), 'DUPLICATE_SDG', `SDG ${sdg} is listed twice.`);
        }
        seenSdgs.add(sdg);
      });

      const guidancePath = at(criterionPath, 'guidance');
      const guidance = object(criterion.guidance, guidancePath);
      if (guidance) {
        localized(guidance.harm, at(guidancePath, 'harm'));
        localized(guidance.contribute, at(guidancePath, 'contribute'));
      }

      const indicatorsPath = at(criterionPath, 'indicators');
      const indicators = array(criterion.indicators, indicatorsPath);
      if (indicators && indicators.length === 0) {
        add(indicatorsPath, 'CRITERION_WITHOUT_INDICATORS', `Criterion ${code ?? criterionIndex} has no indicator.`);
      }
      (indicators ?? []).forEach((rawIndicator, indicatorIndex) => {
        const indicatorPath = at(indicatorsPath, indicatorIndex);
        const indicator = object(rawIndicator, indicatorPath);
        if (!indicator) return;
        const indicatorCode = text(indicator.code, at(indicatorPath, 'code'));
        if (indicatorCode !== undefined) {
          if (code !== undefined && !indicatorCode.startsWith(`${code}.`)) {
            add(
              at(indicatorPath, 'code'),
              'INDICATOR_CODE_INVALID',
              `Indicator code "${indicatorCode}" must start with its criterion code "${code}.".`,
            );
          }
          const previous = indicatorCodes.get(indicatorCode);
          if (previous !== undefined) {
            add(at(indicatorPath, 'code'), 'DUPLICATE_INDICATOR_CODE', `Indicator code "${indicatorCode}" is already used at ${previous}.`);
          } else {
            indicatorCodes.set(indicatorCode, indicatorPath);
          }
        }
        localized(indicator.name, at(indicatorPath, 'name'));
        localized(indicator.method, at(indicatorPath, 'method'));
        text(indicator.metric, at(indicatorPath, 'metric'));
      });

      if (typeof criterion.naAllowed !== 'boolean') {
        add(at(criterionPath, 'naAllowed'), 'WRONG_TYPE', `${at(criterionPath, 'naAllowed')} must be true or false.`);
      }
      if (!(CRITERION_STATUSES as readonly unknown[]).includes(criterion.status)) {
        add(at(criterionPath, 'status'), 'STATUS_INVALID', `${at(criterionPath, 'status')} must be one of ${CRITERION_STATUSES.join(', ')}.`);
      }
    });
  });

  // Scale: exactly 0..4 once each, and exactly the four harm judgements once each.
  const scale = object(root.scale, 'scale');
  if (scale) {
    const levels = array(scale.levels, 'scale.levels');
    if (levels) {
      const scores = levels.map((level) => (typeof level === 'object' && level !== null ? (level as Json).score : undefined));
      const sorted = [...scores].sort((a, b) => Number(a) - Number(b));
      const exact = sorted.length === SCORES.length && sorted.every((score, index) => score === SCORES[index]);
      if (!exact) {
        add(
          'scale.levels',
          'SCALE_NOT_0_TO_4',
          `scale.levels must hold the scores ${MIN_SCORE} to ${MAX_SCORE} exactly once each (got ${JSON.stringify(scores)}).`,
        );
      }
      levels.forEach((rawLevel, levelIndex) => {
        const level = object(rawLevel, at('scale.levels', levelIndex));
        if (level) localized(level.labels, at(at('scale.levels', levelIndex), 'labels'));
      });
    }
    localized(scale.notApplicable, 'scale.notApplicable');
    const harm = array(scale.harm, 'scale.harm');
    if (harm) {
      const judgements = harm.map((level) => (typeof level === 'object' && level !== null ? (level as Json).judgement : undefined));
      const exact =
        judgements.length === HARM_JUDGEMENTS.length &&
        HARM_JUDGEMENTS.every((judgement) => judgements.filter((candidate) => candidate === judgement).length === 1);
      if (!exact) {
        add(
          'scale.harm',
          'HARM_SCALE_INVALID',
          `scale.harm must hold the judgements ${HARM_JUDGEMENTS.join(', ')} exactly once each (got ${JSON.stringify(judgements)}).`,
        );
      }
      harm.forEach((rawLevel, levelIndex) => {
        const level = object(rawLevel, at('scale.harm', levelIndex));
        if (level) localized(level.labels, at(at('scale.harm', levelIndex), 'labels'));
      });
    }
  }

  // Rules: every reference resolves, every threshold lies on the scale.
  const knownStep = (value: unknown, path: string): number | undefined => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      add(path, 'WRONG_TYPE', `${path} must be a step number.`);
      return undefined;
    }
    if (!stepTypes.has(value)) {
      add(path, 'UNKNOWN_STEP', `${path} refers to step ${value}, which the framework does not have.`);
      return undefined;
    }
    return value;
  };
  const onScale = (value: unknown, path: string): void => {
    const number = finite(value, path);
    if (number !== undefined && (number < MIN_SCORE || number > MAX_SCORE)) {
      add(path, 'BAD_THRESHOLD', `${path} must lie on the scale, from ${MIN_SCORE} to ${MAX_SCORE} (got ${number}).`);
    }
  };

  const rules = object(root.rules, 'rules');
  if (rules) {
    const gate = object(rules.safeguardGate, 'rules.safeguardGate');
    if (gate) {
      const gateStep = knownStep(gate.step, 'rules.safeguardGate.step');
      if (gateStep !== undefined) {
        if (stepTypes.get(gateStep) !== 'safeguards') {
          add('rules.safeguardGate.step', 'GATE_NOT_SAFEGUARDS', `The safeguard gate must sit on a step of type safeguards; step ${gateStep} is not.`);
        } else {
          // The gate needs a judgement on every safeguard: "not applicable" would let a
          // reviewer skip one.
          for (const [code, step] of criterionStep) {
            if (step === gateStep && criterionNa.get(code)) {
              const path = at(criterionPaths.get(code) ?? 'steps', 'naAllowed');
              add(path, 'NA_ON_SAFEGUARD', `Safeguard criterion ${code} must not allow n/a.`);
            }
          }
        }
      }
    }

    const threshold = object(rules.positiveThreshold, 'rules.positiveThreshold');
    if (threshold) {
      const stepMeansPath = 'rules.positiveThreshold.stepMeans';
      const seenSteps = new Set<number>();
      (array(threshold.stepMeans, stepMeansPath) ?? []).forEach((raw, index) => {
        const entry = object(raw, at(stepMeansPath, index));
        if (!entry) return;
        const step = knownStep(entry.step, at(at(stepMeansPath, index), 'step'));
        if (step !== undefined) {
          if (seenSteps.has(step)) add(at(stepMeansPath, index), 'DUPLICATE_RULE_ENTRY', `Step ${step} has more than one mean threshold.`);
          seenSteps.add(step);
        }
        onScale(entry.min, at(at(stepMeansPath, index), 'min'));
      });

      const minimumsPath = 'rules.positiveThreshold.criterionMinimums';
      const seenCodes = new Set<string>();
      (array(threshold.criterionMinimums, minimumsPath) ?? []).forEach((raw, index) => {
        const entry = object(raw, at(minimumsPath, index));
        if (!entry) return;
        const codePath = at(at(minimumsPath, index), 'code');
        if (typeof entry.code !== 'string' || !criterionStep.has(entry.code)) {
          add(codePath, 'UNKNOWN_CRITERION', `${codePath} refers to criterion ${JSON.stringify(entry.code)}, which the framework does not have.`);
        } else {
          if (seenCodes.has(entry.code)) {
            add(at(minimumsPath, index), 'DUPLICATE_RULE_ENTRY', `Criterion ${entry.code} has more than one minimum.`);
          }
          seenCodes.add(entry.code);
          // A minimum can never be met by a criterion rated n/a; the two settings contradict.
          if (criterionNa.get(entry.code)) {
            add(codePath, 'NA_ON_MINIMUM_CRITERION', `Criterion ${entry.code} has a minimum for positive, so it must not allow n/a.`);
          }
        }
        onScale(entry.min, at(at(minimumsPath, index), 'min'));
      });

      const zeroPath = 'rules.positiveThreshold.noZeroInSteps';
      const seenZero = new Set<number>();
      (array(threshold.noZeroInSteps, zeroPath) ?? []).forEach((raw, index) => {
        const step = knownStep(raw, at(zeroPath, index));
        if (step === undefined) return;
        if (seenZero.has(step)) add(at(zeroPath, index), 'DUPLICATE_RULE_ENTRY', `Step ${step} is listed twice.`);
        seenZero.add(step);
      });
    }

    const divergence = object(rules.divergence, 'rules.divergence');
    if (divergence) {
      const spread = divergence.minSpread;
      if (!(typeof spread === 'number' && Number.isInteger(spread) && spread >= 1 && spread <= MAX_SCORE - MIN_SCORE)) {
        add(
          'rules.divergence.minSpread',
          'BAD_THRESHOLD',
          `rules.divergence.minSpread must be an integer from 1 to ${MAX_SCORE - MIN_SCORE} (got ${JSON.stringify(spread)}).`,
        );
      }
    }

    const aggregation = object(rules.aggregation, 'rules.aggregation');
    if (aggregation) {
      for (const key of Object.keys(AGGREGATION) as (keyof typeof AGGREGATION)[]) {
        if (aggregation[key] !== AGGREGATION[key]) {
          add(
            at('rules.aggregation', key),
            'AGGREGATION_UNSUPPORTED',
            `rules.aggregation.${key} must be "${AGGREGATION[key]}" (got ${JSON.stringify(aggregation[key])}).`,
          );
        }
      }
    }
  }

  return issues;
}

export function isValidFramework(input: unknown): input is CriteriaFramework {
  return validateFramework(input).length === 0;
}

export class InvalidFrameworkError extends Error {
  constructor(readonly issues: readonly FrameworkIssue[]) {
    super(`Invalid criteria framework: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    this.name = 'InvalidFrameworkError';
  }
}

/** Narrows untrusted JSON to a framework, or throws with every issue found. */
export function assertValidFramework(input: unknown): asserts input is CriteriaFramework {
  const issues = validateFramework(input);
  if (issues.length > 0) throw new InvalidFrameworkError(issues);
}
