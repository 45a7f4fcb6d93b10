import { Alert, Form, Select, Typography } from 'antd';
import type { Rule } from '../../../../contract/rules.js';
import { ruleKinds } from '../../../../domain/rule-format.js';
import { describeRule, ruleKindLabels, ruleProblems } from '../../../../domain/rules/index.js';
import { problemsAt, ruleOfKind } from './rule-editor-values.js';
import {
  ChecklistFields,
  CountFields,
  ManualFields,
  PerPeriodFields,
  PerPersonFields,
  RequiredFields,
  TargetsFields,
  ThresholdFields,
} from './rule-kind-fields.js';
import { RuleField } from './rule-fields.js';

const kindOptions = ruleKinds.map((value) => ({ value, label: ruleKindLabels[value] }));

interface RuleEditorProps {
  value: Rule;
  onChange: (rule: Rule) => void;
  /** The indicator's points: deductions above them are refused, and new rules start within them. */
  maxPoints: number;
}

/**
 * 评分规则 of one automatic indicator, edited without writing code: the kind, then that kind's
 * records, numbers with their units, sub-period or measure. Under it the rule as the sheet's
 * 评分标准 reads it, live, and each of `ruleProblems`' messages on its field (the same check the
 * server runs when the scheme is saved). It holds no state: the rule is `value`, so it sits in a
 * scheme form's Form.Item like any input. It renders no <form> of its own (forms do not nest).
 */
export function RuleEditor({ value, onChange, maxPoints }: RuleEditorProps) {
  const problems = ruleProblems(value, { maxPoints, indicatorKind: 'regular' });
  const props = { problems, onChange };
  return (
    <Form component={false} layout="vertical">
      <div data-testid="rule-editor">
        <RuleField label="规则类型" messages={problemsAt(problems, '')}>
          <Select
            options={kindOptions}
            value={value.kind}
            data-testid="rule-kind"
            onChange={(kind) => onChange(ruleOfKind(kind, value, maxPoints))}
          />
        </RuleField>
        {value.kind === 'count' && <CountFields rule={value} {...props} />}
        {value.kind === 'perPeriod' && <PerPeriodFields rule={value} {...props} />}
        {value.kind === 'required' && <RequiredFields rule={value} {...props} />}
        {value.kind === 'checklist' && <ChecklistFields rule={value} {...props} />}
        {value.kind === 'threshold' && <ThresholdFields rule={value} {...props} />}
        {value.kind === 'perPerson' && <PerPersonFields rule={value} {...props} />}
        {value.kind === 'targets' && <TargetsFields rule={value} {...props} />}
        {value.kind === 'manual' && <ManualFields rule={value} {...props} />}
        <Alert
          type={problems.length ? 'warning' : 'info'}
          showIcon
          data-testid="rule-description"
          title={
            <>
              <Typography.Text strong>评分标准：</Typography.Text>
              {describeRule(value)}
            </>
          }
        />
      </div>
    </Form>
  );
}
