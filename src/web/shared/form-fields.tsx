import { Col, DatePicker, Form, Input, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { disableFuture } from './date-values.js';

interface TextFieldProps {
  name: string;
  label: string;
  max: number;
  required?: boolean;
  /** A multi-line text area instead of a one-line input. */
  area?: boolean;
  autoFocus?: boolean;
  placeholder?: string;
}

/** A text Form.Item with the Chinese "required" and "too long" messages every form uses. */
export function TextField({ name, label, max, required, area, autoFocus, placeholder }: TextFieldProps) {
  return (
    <Form.Item
      label={label}
      name={name}
      rules={[
        ...(required ? [{ required: true, whitespace: true, message: `请输入${label}` }] : []),
        { max, message: `${label}不能超过 ${max} 个字` },
      ]}
    >
      {area ? (
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={max}
          autoFocus={autoFocus}
          placeholder={placeholder}
        />
      ) : (
        <Input maxLength={max} autoFocus={autoFocus} placeholder={placeholder} />
      )}
    </Form.Item>
  );
}

interface DateFieldProps {
  name: string;
  label: ReactNode;
  /** For facts that already happened: days after today cannot be picked. */
  past?: boolean;
  required?: string;
  extra?: ReactNode;
  autoFocus?: boolean;
  placeholder?: string;
}

/** A DatePicker Form.Item holding a Dayjs (convert with dayjsToIso / isoToDayjs). */
export function DateField({ name, label, past, required, extra, autoFocus, placeholder }: DateFieldProps) {
  return (
    <Form.Item
      label={label}
      name={name}
      extra={extra}
      rules={required ? [{ required: true, message: required }] : undefined}
    >
      <DatePicker
        style={{ width: '100%' }}
        disabledDate={past ? disableFuture : undefined}
        autoFocus={autoFocus}
        placeholder={placeholder ?? '选择日期'}
      />
    </Form.Item>
  );
}

interface PeriodFieldsProps {
  startLabel?: string;
  endLabel?: string;
  /** Message when the start is required; optional otherwise. */
  startRequired?: string;
  endExtra?: ReactNode;
}

/** Start and end dates (startedOn, endedOn) side by side, the end not before the start. */
export function PeriodFields({
  startLabel = '开始日期',
  endLabel = '结束日期',
  startRequired,
  endExtra,
}: PeriodFieldsProps) {
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <DateField name="startedOn" label={startLabel} required={startRequired} />
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          label={endLabel}
          name="endedOn"
          extra={endExtra}
          dependencies={['startedOn']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_, value: Dayjs | null) => {
                const from = getFieldValue('startedOn') as Dayjs | null;
                if (value && from && value.isBefore(from, 'day'))
                  throw new Error(`${endLabel}不能早于${startLabel}`);
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} placeholder="选择日期" />
        </Form.Item>
      </Col>
    </Row>
  );
}
