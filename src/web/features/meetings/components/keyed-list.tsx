import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { unusedKey } from '../../../../domain/meetings.js';

interface KeyedListProps {
  form: FormInstance;
  /** The form's list field (items, categories); each row has a hidden key and a label. */
  name: string;
  /** What one row is called, for the labels and the add button (测评项目, 评议人类别). */
  what: string;
  keyPrefix: string;
  disabled: boolean;
  /** A row's new values beyond key and label (a category's weight). */
  blank?: object;
  /** More inputs of a row, after its label. */
  extra?: (field: number) => ReactNode;
}

/**
 * An editable list of labelled entries that keep their keys: a ballot's items or a meeting's
 * panelist categories; the last one cannot be removed.
 */
export function KeyedList({ form, name, what, keyPrefix, disabled, blank, extra }: KeyedListProps) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div className="keyed-list" data-testid={`${name}-list`}>
          {fields.map((field, index) => (
            <div key={field.key} className="keyed-list-row">
              <Form.Item name={[field.name, 'key']} hidden>
                <Input />
              </Form.Item>
              <Form.Item
                name={[field.name, 'label']}
                className="keyed-list-label"
                rules={[
                  { required: true, whitespace: true, message: `请填写${what}` },
                  { max: 40, message: `${what}不能超过 40 个字` },
                ]}
              >
                <Input maxLength={40} aria-label={`${what}${index + 1}`} />
              </Form.Item>
              {extra?.(field.name)}
              {!disabled && (
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={`删除${what}${index + 1}`}
                  disabled={fields.length === 1}
                  onClick={() => remove(field.name)}
                />
              )}
            </div>
          ))}
          {!disabled && (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() =>
                add({
                  key: unusedKey(keyPrefix, (form.getFieldValue(name) as { key: string }[]) ?? []),
                  label: '',
                  ...blank,
                })
              }
            >
              添加{what}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
