import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Radio, Select } from 'antd';
import type { ReactNode } from 'react';
import type { Rule } from '../../../../contract/rules.js';
import { ruleMeasureDefinitions, ruleMeasures } from '../../../../domain/rule-measures.js';
import { subPeriodUnits } from '../../../../domain/rule-format.js';
import {
  differenceUnit,
  everyLabels,
  measureDirection,
  ruleGroupLabels,
  type RuleProblem,
} from '../../../../domain/rules/index.js';
import { problemsAt, withMeasure } from './rule-editor-values.js';
import { RuleField, RuleNumber, SourceFields } from './rule-fields.js';

type Of<K extends Rule['kind']> = Extract<Rule, { kind: K }>;

interface KindFieldsProps<K extends Rule['kind']> {
  rule: Of<K>;
  problems: readonly RuleProblem[];
  onChange: (rule: Rule) => void;
}

const measureOptions = ruleMeasures.map((value) => ({ value, label: ruleMeasureDefinitions[value].label }));
const everyOptions = subPeriodUnits.map((value) => ({ value, label: everyLabels[value] }));
const groupOptions = (['committeeMembers', 'twoCommittees'] as const).map((value) => ({
  value,
  label: ruleGroupLabels[value],
}));

interface DeductEachProps {
  value: number;
  problems: readonly RuleProblem[];
  /** What one deduction is for: "少1次", "缺1项". */
  per: string;
  onChange: (deductEach: number) => void;
}

/** The per-item deduction every counting kind has, labelled for what is counted. */
function DeductEach({ value, problems, per, onChange }: DeductEachProps) {
  return (
    <RuleNumber
      label={`每${per}扣分`}
      messages={problemsAt(problems, 'deductEach')}
      value={value}
      unit="分"
      testId="rule-deduct-each"
      onChange={(deductEach) => onChange(deductEach ?? 0)}
    />
  );
}

type Counting = Of<'count'> | Of<'perPeriod'> | Of<'perPerson'>;

interface CountingFieldsProps<R extends Counting> {
  rule: R;
  problems: readonly RuleProblem[];
  onChange: (rule: R) => void;
  atLeastLabel: string;
  /** What one deduction is for ("少1次"). */
  per: string;
  /** Fields shown between the records and the number (the sub-period). */
  between?: ReactNode;
}

/** What the counting kinds share: the records, how many at least, the deduction per one short. */
function CountingFields<R extends Counting>({
  rule,
  problems,
  onChange,
  atLeastLabel,
  per,
  between,
}: CountingFieldsProps<R>) {
  return (
    <>
      <SourceFields
        source={rule.source}
        messages={problemsAt(problems, 'source.ledgerKinds')}
        testId="rule-source"
        onChange={(source) => onChange({ ...rule, source })}
      />
      {between}
      <RuleNumber
        label={atLeastLabel}
        unit="次"
        whole
        messages={problemsAt(problems, 'atLeast')}
        value={rule.atLeast}
        testId="rule-at-least"
        onChange={(atLeast) => onChange({ ...rule, atLeast: atLeast ?? 0 })}
      />
      <DeductEach
        value={rule.deductEach}
        problems={problems}
        per={per}
        onChange={(deductEach) => onChange({ ...rule, deductEach })}
      />
    </>
  );
}

export function CountFields({ rule, problems, onChange }: KindFieldsProps<'count'>) {
  return (
    <>
      <CountingFields
        rule={rule}
        problems={problems}
        onChange={onChange}
        atLeastLabel="考核期内不少于"
        per="少1次"
      />
      <RuleNumber
        label="最低得分（可选）"
        extra="扣到这个分数为止；不填则扣完为止"
        messages={problemsAt(problems, 'floor')}
        value={rule.floor}
        unit="分"
        testId="rule-floor"
        onChange={(floor) => {
          const { floor: _, ...rest } = rule;
          onChange(floor === undefined ? rest : { ...rest, floor });
        }}
      />
    </>
  );
}

export function PerPeriodFields({ rule, problems, onChange }: KindFieldsProps<'perPeriod'>) {
  return (
    <CountingFields
      rule={rule}
      problems={problems}
      onChange={onChange}
      atLeastLabel="每期不少于"
      per="缺1期"
      between={
        <RuleField label="按期" messages={[]}>
          <Select
            options={everyOptions}
            value={rule.every}
            data-testid="rule-every"
            onChange={(every) => onChange({ ...rule, every })}
          />
        </RuleField>
      }
    />
  );
}

export function RequiredFields({ rule, problems, onChange }: KindFieldsProps<'required'>) {
  const of = rule.of;
  return (
    <>
      <RuleField label="依据" messages={[]}>
        <Radio.Group
          value={'source' in of ? 'source' : 'measure'}
          data-testid="rule-required-of"
          onChange={(e) =>
            onChange({
              ...rule,
              of:
                e.target.value === 'source'
                  ? { source: { ledgerKinds: ['annualPlan'] } }
                  : { measure: 'membersDeveloped' },
            })
          }
          options={[
            { value: 'source', label: '有无台账记录' },
            { value: 'measure', label: '统计数值是否为0' },
          ]}
        />
      </RuleField>
      {'source' in of ? (
        <SourceFields
          source={of.source}
          messages={problemsAt(problems, 'of.source.ledgerKinds')}
          testId="rule-source"
          onChange={(source) => onChange({ ...rule, of: { source } })}
        />
      ) : (
        <RuleField label="统计数值" messages={[]}>
          <Select
            options={measureOptions}
            value={of.measure}
            data-testid="rule-measure"
            onChange={(measure) => onChange({ ...rule, of: { measure } })}
          />
        </RuleField>
      )}
      <RuleField label="没有时" messages={[]}>
        <Radio.Group
          value={rule.deduct === 'all' ? 'all' : 'points'}
          data-testid="rule-deduct-mode"
          onChange={(e) => onChange({ ...rule, deduct: e.target.value === 'all' ? 'all' : 0.5 })}
          options={[
            { value: 'points', label: '扣固定分值' },
            { value: 'all', label: '不得分' },
          ]}
        />
      </RuleField>
      {rule.deduct !== 'all' && (
        <RuleNumber
          label="扣分"
          messages={problemsAt(problems, 'deduct')}
          value={rule.deduct}
          unit="分"
          testId="rule-deduct"
          onChange={(deduct) => onChange({ ...rule, deduct: deduct ?? 0 })}
        />
      )}
    </>
  );
}

export function ChecklistFields({ rule, problems, onChange }: KindFieldsProps<'checklist'>) {
  const setItem = (i: number, item: Of<'checklist'>['items'][number]) =>
    onChange({ ...rule, items: rule.items.map((old, j) => (j === i ? item : old)) });
  return (
    <>
      {rule.items.map((item, i) => (
        <Card
          key={i}
          size="small"
          title={`检查项 ${i + 1}`}
          style={{ marginBottom: 12 }}
          extra={
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              disabled={rule.items.length === 1}
              aria-label={`删除检查项 ${i + 1}`}
              onClick={() => onChange({ ...rule, items: rule.items.filter((_, j) => j !== i) })}
            />
          }
        >
          <RuleField label="名称" messages={problemsAt(problems, `items.${i}.label`)}>
            <Input
              maxLength={50}
              value={item.label}
              data-testid={`rule-item-${i}-label`}
              onChange={(e) => setItem(i, { ...item, label: e.target.value })}
            />
          </RuleField>
          <SourceFields
            source={item.source}
            messages={problemsAt(problems, `items.${i}.source.ledgerKinds`)}
            testId={`rule-item-${i}`}
            onChange={(source) => setItem(i, { ...item, source })}
          />
        </Card>
      ))}
      <Button
        icon={<PlusOutlined />}
        disabled={rule.items.length >= 50}
        style={{ marginBottom: 16 }}
        onClick={() =>
          onChange({ ...rule, items: [...rule.items, { label: '', source: { ledgerKinds: [] } }] })
        }
      >
        添加检查项
      </Button>
      <DeductEach
        value={rule.deductEach}
        problems={problems}
        per="缺1项"
        onChange={(deductEach) => onChange({ ...rule, deductEach })}
      />
    </>
  );
}

export function ThresholdFields({ rule, problems, onChange }: KindFieldsProps<'threshold'>) {
  const { unit } = ruleMeasureDefinitions[rule.measure];
  const higher = measureDirection[rule.measure] === 'higher';
  return (
    <>
      <RuleField label="统计数值" messages={[]}>
        <Select
          options={measureOptions}
          value={rule.measure}
          data-testid="rule-measure"
          onChange={(measure) => onChange(withMeasure(rule, measure))}
        />
      </RuleField>
      <RuleNumber
        label={higher ? '下限（低于此值扣分）' : '上限（高于此值扣分）'}
        messages={problemsAt(problems, 'atLeast', 'atMost')}
        value={rule.atLeast ?? rule.atMost}
        unit={unit}
        testId="rule-bound"
        onChange={(bound) => {
          const { atLeast: _l, atMost: _m, ...rest } = rule;
          onChange(higher ? { ...rest, atLeast: bound ?? 0 } : { ...rest, atMost: bound ?? 0 });
        }}
      />
      <RuleNumber
        label="每差多少扣一次"
        extra="不足一档按一档计"
        messages={problemsAt(problems, 'step')}
        value={rule.step}
        unit={differenceUnit(rule.measure)}
        testId="rule-step"
        onChange={(step) => onChange({ ...rule, step: step ?? 0 })}
      />
      <DeductEach
        value={rule.deductEach}
        problems={problems}
        per="档"
        onChange={(deductEach) => onChange({ ...rule, deductEach })}
      />
      <RuleField label="无数据时" messages={[]} extra="如没有流动党员、没有“两委”成员">
        <Radio.Group
          value={rule.whenMissing ?? 'keep'}
          data-testid="rule-when-missing"
          onChange={(e) => onChange({ ...rule, whenMissing: e.target.value === 'zero' ? 'zero' : 'keep' })}
          options={[
            { value: 'keep', label: '不扣分' },
            { value: 'zero', label: '不得分' },
          ]}
        />
      </RuleField>
    </>
  );
}

export function PerPersonFields({ rule, problems, onChange }: KindFieldsProps<'perPerson'>) {
  return (
    <>
      <RuleField label="人员" messages={[]}>
        <Select
          options={groupOptions}
          value={rule.people}
          data-testid="rule-people"
          onChange={(people) => onChange({ ...rule, people })}
        />
      </RuleField>
      <CountingFields
        rule={rule}
        problems={problems}
        onChange={onChange}
        atLeastLabel="每人考核期内不少于"
        per="少1人次"
      />
    </>
  );
}

export function TargetsFields({ rule, problems, onChange }: KindFieldsProps<'targets'>) {
  return (
    <DeductEach
      value={rule.deductEach}
      problems={problems}
      per="项目标未完成"
      onChange={(deductEach) => onChange({ ...rule, deductEach })}
    />
  );
}

export function ManualFields({ rule, problems, onChange }: KindFieldsProps<'manual'>) {
  return (
    <RuleNumber
      label="最多扣分"
      extra="考核人员酌情扣分时须写明理由"
      messages={problemsAt(problems, 'cap')}
      value={rule.cap}
      unit="分"
      testId="rule-cap"
      onChange={(cap) => onChange({ ...rule, cap: cap ?? 0 })}
    />
  );
}
