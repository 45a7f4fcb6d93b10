import { Form, Input, InputNumber, Select } from 'antd';
import type { ReactNode } from 'react';
import { ledgerKindDefinitions, ledgerKinds } from '../../../../domain/ledger.js';
import type { LedgerSource } from '../../../../domain/rule-format.js';

const ledgerKindOptions = ledgerKinds.map((value) => ({ value, label: ledgerKindDefinitions[value].label }));

interface RuleFieldProps {
  label: ReactNode;
  /** ruleProblems' messages for this field, shown under it in red. */
  messages: string[];
  extra?: ReactNode;
  children: ReactNode;
}

/** A labelled field of the rule editor; the rule is the editor's value, not a form store's. */
export function RuleField({ label, messages, extra, children }: RuleFieldProps) {
  return (
    <Form.Item
      label={label}
      validateStatus={messages.length ? 'error' : undefined}
      help={messages.length ? messages.join('；') : undefined}
      extra={extra}
    >
      {children}
    </Form.Item>
  );
}

interface NumberFieldProps {
  label: ReactNode;
  messages: string[];
  value: number | undefined;
  unit: string;
  /** Whole numbers (times) rather than points. */
  whole?: boolean;
  extra?: ReactNode;
  testId: string;
  /** undefined when cleared: an optional field drops its value, a required one takes 0 (which ruleProblems names). */
  onChange: (value: number | undefined) => void;
}

/**
 * A number with its unit. No min, max or precision: the input would silently clamp or round what
 * was typed; ruleProblems says in Chinese under the field what is wrong instead.
 */
export function RuleNumber({
  label,
  messages,
  value,
  unit,
  whole,
  extra,
  testId,
  onChange,
}: NumberFieldProps) {
  return (
    <RuleField label={label} messages={messages} extra={extra}>
      <InputNumber<number>
        value={value}
        step={whole ? 1 : 0.5}
        suffix={unit}
        style={{ width: '100%' }}
        data-testid={testId}
        onChange={(n) => onChange(n ?? undefined)}
      />
    </RuleField>
  );
}

interface SourceFieldsProps {
  source: LedgerSource;
  /** ruleProblems' messages for the kinds. */
  messages: string[];
  testId: string;
  onChange: (source: LedgerSource) => void;
}

/** Which ledger records count: kinds by their Chinese names, and an optional word in the topic. */
export function SourceFields({ source, messages, testId, onChange }: SourceFieldsProps) {
  return (
    <>
      <RuleField label="计入的台账记录" messages={messages}>
        <Select
          mode="multiple"
          options={ledgerKindOptions}
          value={source.ledgerKinds}
          placeholder="选择台账记录类型（可多选）"
          optionFilterProp="label"
          data-testid={`${testId}-kinds`}
          onChange={(ledgerKinds) => onChange({ ...source, ledgerKinds })}
        />
      </RuleField>
      <RuleField label="主题包含（可选）" messages={[]} extra="只计主题中含有这个词的记录，如“乡村振兴”">
        <Input
          maxLength={30}
          value={source.topicIncludes ?? ''}
          data-testid={`${testId}-topic`}
          onChange={(e) => {
            const { topicIncludes: _, ...rest } = source;
            const topic = e.target.value;
            onChange(topic.trim() ? { ...rest, topicIncludes: topic } : rest);
          }}
        />
      </RuleField>
    </>
  );
}
