import { defaultGradePoints } from '../../../../domain/results/appraisal.js';
import { recordedComponents, type RecordedComponent } from '../../../../domain/results/cycle-inputs.js';
import type { Grade } from '../../../../domain/results/grades.js';
import type { EvaluationSettings } from '../../../../contract/evaluations.js';

type Config = EvaluationSettings['config'];
type ThresholdGrade = Config['thresholds'][number]['grade'];

/**
 * The settings as the form holds them: the contract's shape (so a 400's `details` land on the right
 * field), shares as percentages, every grade line present (empty = none), and the inputs of every
 * appraisal method kept while another is chosen.
 */
export interface SettingsFormValues {
  config: Omit<Config, 'components' | 'thresholds' | 'floors' | 'quotas'> & {
    components: { key: RecordedComponent; weight: number; max: number }[];
    /** One line per grade of `thresholdGrades`, in its order. */
    thresholds: { minScore: number | null }[];
    floors: { grades: Grade[]; moreThan: number; capAt: Grade }[];
    quotas: { grade: Grade; maxShare: number; per: 'all' | 'group' }[];
  };
  appraisalMethod: {
    kind: EvaluationSettings['appraisalMethod']['kind'];
    points: Record<Grade, number>;
    bands: { minShare: number; points: number }[];
    lowerWhenFairPoorShare: number | null;
  };
}

export const thresholdGrades: readonly ThresholdGrade[] = ['excellent', 'good', 'fair'];

/** Points by the share of 好 as places publish them: ≥ 90 % → 200, ≥ 80 % → 190 …, lower with a third 一般+差. */
const sampleBands = [
  { minShare: 90, points: 200 },
  { minShare: 80, points: 190 },
  { minShare: 70, points: 180 },
  { minShare: 0, points: 170 },
];

const toPercent = (share: number) => Math.round(share * 10000) / 100;
const toShare = (percent: number) => percent / 100;

export function toFormValues(settings: EvaluationSettings): SettingsFormValues {
  const { config, appraisalMethod: method } = settings;
  return {
    config: {
      ...config,
      components: config.components.map(({ key, weight, max }) => ({ key, weight, max })),
      thresholds: thresholdGrades.map((grade) => ({
        minScore: config.thresholds.find((t) => t.grade === grade)?.minScore ?? null,
      })),
      floors: config.floors.map((f) => ({ ...f, moreThan: toPercent(f.moreThan) })),
      quotas: config.quotas.map((q) => ({ ...q, maxShare: toPercent(q.maxShare) })),
    },
    appraisalMethod: {
      kind: method.kind,
      points: method.kind === 'points' ? method.points : defaultGradePoints,
      bands:
        method.kind === 'bands'
          ? method.bands.map((b) => ({ ...b, minShare: toPercent(b.minShare) }))
          : sampleBands,
      lowerWhenFairPoorShare:
        method.kind === 'bands'
          ? method.lowerWhenFairPoorShare === null
            ? null
            : toPercent(method.lowerWhenFairPoorShare)
          : 33.33,
    },
  };
}

export function fromFormValues(values: SettingsFormValues): EvaluationSettings {
  const { config, appraisalMethod: method } = values;
  return {
    config: {
      ...config,
      components: config.components.map((c) => ({ ...c, label: recordedComponents[c.key] })),
      thresholds: config.thresholds.flatMap(({ minScore }, i) =>
        minScore === null || minScore === undefined ? [] : [{ grade: thresholdGrades[i]!, minScore }],
      ),
      floors: config.floors.map((f) => ({ ...f, moreThan: toShare(f.moreThan) })),
      quotas: config.quotas.map((q) => ({ ...q, maxShare: toShare(q.maxShare) })),
    },
    appraisalMethod:
      method.kind === 'points'
        ? { kind: 'points', points: method.points }
        : method.kind === 'excellentShare'
          ? { kind: 'excellentShare' }
          : {
              kind: 'bands',
              bands: method.bands.map((b) => ({ ...b, minShare: toShare(b.minShare) })),
              lowerWhenFairPoorShare:
                method.lowerWhenFairPoorShare === null || method.lowerWhenFairPoorShare === undefined
                  ? null
                  : toShare(method.lowerWhenFairPoorShare),
            },
  };
}

/** The weights' total as the form holds them, for the live 合计 line. */
export const weightTotal = (components: readonly { weight?: number | null }[] | undefined) =>
  Math.round((components ?? []).reduce((sum, c) => sum + (c?.weight ?? 0), 0) * 100) / 100;
