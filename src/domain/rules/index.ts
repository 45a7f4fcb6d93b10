// The rule engine's public face: facts a rule needs, its evaluation, its checks and its wording,
// and the sheet that adds the results up. See docs/architecture.md, "Rules".

export {
  ruleFacts,
  factKey,
  type FactRequest,
  type FactAnswers,
  type FactAnswer,
  type Facts,
  type FactContext,
} from './facts.js';
export type { PersonCount, TargetItem, ManualDeduction } from './facts.js';
export { evaluateRule, type RuleResult } from './evaluate.js';
export { describeRule, everyLabels } from './describe.js';
export { ruleProblems, type RuleProblem, type RuleSetting } from './problems.js';
export { schemeProblems } from './scheme-problems.js';
export {
  scoreSheet,
  schemeTotal,
  type IndicatorScoring,
  type ScoreSheet,
  type SheetCategory,
  type SheetLine,
} from './sheet.js';
export { subPeriods, type Period, type SubPeriod } from './periods.js';
export type { LostPoints } from './points.js';
export { measureDirection } from './measure-direction.js';
export { differenceUnit, ruleKindLabels, ruleGroupLabels } from './words.js';
