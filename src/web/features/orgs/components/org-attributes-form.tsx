import { Alert, App, Button, Checkbox, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  orgClassificationLabels,
  orgClassifications,
  termStatusOn,
  type OrgClassification,
} from '../../../../domain/member-base.js';
import { DateField } from '../../../components/form-fields.js';
import { errorText } from '../../../lib/api-client.js';
import { blankToNull, dayjsToIso, isoToDayjs, todayIso } from '../../../lib/date-values.js';
import { updateOrgAttributes } from '../api/update-org-attributes.js';
import type { Org } from '../../../../contract/orgs.js';
import { TermStatusTag } from './term-status-tag.js';

const dateKeys = ['foundedOn', 'dissolvedOn', 'termStartedOn', 'termEndsOn'] as const;
type Values = Record<(typeof dateKeys)[number], Dayjs | null> & {
  secretaryName: string | null;
  deputySecretaryName: string | null;
  classification: OrgClassification | null;
  hasServiceCenter: boolean;
  hasRemoteEducationSite: boolean;
};

const classificationOptions = orgClassifications.map((value) => ({
  value,
  label: orgClassificationLabels[value],
}));

interface Props {
  org: Org;
  canWrite: boolean;
  onSaved: (org: Org) => void;
}

/** 组织基本信息: leadership, founding, term (with its 换届 status), classification and service facilities. */
export function OrgAttributesForm({ org, canWrite, onSaved }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const termEndsOn = Form.useWatch('termEndsOn', form) as Dayjs | null | undefined;
  const dissolvedOn = Form.useWatch('dissolvedOn', form) as Dayjs | null | undefined;
  const liveStatus =
    termEndsOn === undefined
      ? org.termStatus
      : termStatusOn(
          {
            termEndsOn: termEndsOn?.format('YYYY-MM-DD') ?? null,
            dissolvedOn: dissolvedOn?.format('YYYY-MM-DD') ?? null,
          },
          todayIso(),
        );

  async function onFinish(raw: Values) {
    setSubmitting(true);
    setError(null);
    const values = dayjsToIso(raw, dateKeys);
    try {
      const saved = await updateOrgAttributes(org.id, {
        ...values,
        secretaryName: blankToNull(values.secretaryName),
        deputySecretaryName: blankToNull(values.deputySecretaryName),
        classification: values.classification ?? null,
      });
      void message.success('已保存组织信息');
      onSaved(saved);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSubmitting(false);
    }
  }

  const nameRules = (label: string) => [{ max: 50, message: `${label}姓名不能超过 50 个字` }];

  return (
    <Form<Values>
      key={`${org.id}:${org.updatedAt}`}
      form={form}
      name="org-attributes"
      layout="vertical"
      disabled={!canWrite || submitting}
      initialValues={isoToDayjs(org, dateKeys)}
      onFinish={onFinish}
      data-testid="org-attributes-form"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col xs={24} sm={12} md={8}>
          <Form.Item label="书记" name="secretaryName" rules={nameRules('书记')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Form.Item label="副书记" name="deputySecretaryName" rules={nameRules('副书记')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Form.Item
            label="组织分类"
            name="classification"
            extra="认定为软弱涣散请在“整顿记录”中登记，分类将随之变化"
          >
            <Select options={classificationOptions} allowClear placeholder="未定级" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <DateField name="foundedOn" label="成立日期" past />
        </Col>
        <Col xs={24} sm={12} md={8}>
          <DateField name="termStartedOn" label="本届任期开始" past />
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Form.Item
            label={
              <Space size={4}>
                本届任期届满
                <TermStatusTag status={liveStatus} />
              </Space>
            }
            name="termEndsOn"
            dependencies={['termStartedOn']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, value: Dayjs | null) => {
                  const start = getFieldValue('termStartedOn') as Dayjs | null;
                  if (value && start && !value.isAfter(start, 'day'))
                    throw new Error('任期届满日期须晚于任期开始日期');
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <DateField name="dissolvedOn" label="撤销日期" past extra="组织已撤销时填写" />
        </Col>
        <Col xs={24} md={16}>
          <Space size="large" wrap style={{ paddingTop: 30 }}>
            <Form.Item name="hasServiceCenter" valuePropName="checked" noStyle>
              <Checkbox>建有党群服务中心</Checkbox>
            </Form.Item>
            <Form.Item name="hasRemoteEducationSite" valuePropName="checked" noStyle>
              <Checkbox>建有远程教育站点</Checkbox>
            </Form.Item>
          </Space>
        </Col>
      </Row>
      {canWrite && (
        <Button type="primary" htmlType="submit" loading={submitting} className="no-print">
          保存组织信息
        </Button>
      )}
    </Form>
  );
}
