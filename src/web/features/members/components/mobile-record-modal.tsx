import { Alert, Col, Form, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { mobileDirectionLabels, mobileDirections, phonePattern } from '../../../../domain/member-base.js';
import { PeriodFields, TextField } from '../../../components/form-fields.js';
import { FormModal } from '../../../components/form-modal.js';
import { errorText } from '../../../lib/api-client.js';
import { blankToNull, dayjsToIso, isoToDayjs } from '../../../lib/date-values.js';
import { createMobileRecord } from '../api/create-mobile-record.js';
import { updateMobileRecord } from '../api/update-mobile-record.js';
import type { MobileRecord, MobileRecordInput } from '../../../../contract/members.js';

export type MobileRecordMode = { kind: 'create'; memberId: number } | { kind: 'edit'; record: MobileRecord };

const dateKeys = ['startedOn', 'endedOn'] as const;
type Values = Omit<MobileRecordInput, (typeof dateKeys)[number]> &
  Record<(typeof dateKeys)[number], Dayjs | null>;
const directionOptions = mobileDirections.map((value) => ({ value, label: mobileDirectionLabels[value] }));

interface Props {
  open: boolean;
  mode: MobileRecordMode | null;
  onClose: () => void;
  onSaved: (record: MobileRecord) => void;
}

/** 流动党员登记: where the member went (or came from), the activity certificate and who keeps contact. */
export function MobileRecordModal({ open, mode, onClose, onSaved }: Props) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onFinish(raw: Values) {
    if (!mode) return;
    setSubmitting(true);
    setError(null);
    const values = dayjsToIso(raw, dateKeys);
    const input: MobileRecordInput = {
      direction: values.direction,
      place: values.place.trim(),
      certificateNo: blankToNull(values.certificateNo),
      hostOrgName: blankToNull(values.hostOrgName),
      contactName: blankToNull(values.contactName),
      contactPhone: blankToNull(values.contactPhone),
      startedOn: values.startedOn!,
      endedOn: values.endedOn,
    };
    try {
      onSaved(
        mode.kind === 'create'
          ? await createMobileRecord(mode.memberId, input)
          : await updateMobileRecord(mode.record.id, input),
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <FormModal
      title={mode?.kind === 'edit' ? '修改流动党员记录' : '登记流动党员记录'}
      open={open && mode !== null}
      formId="mobile-record-form"
      okText="保存"
      submitting={submitting}
      onCancel={onClose}
      afterClose={() => setError(null)}
      width={640}
      data-testid="mobile-record-modal"
    >
      {mode && (
        <Form<Values>
          id="mobile-record-form"
          name="mobile-record-form"
          layout="vertical"
          disabled={submitting}
          initialValues={mode.kind === 'edit' ? isoToDayjs(mode.record, dateKeys) : { direction: 'outflow' }}
          onFinish={onFinish}
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item label="流向" name="direction" rules={[{ required: true, message: '请选择流向' }]}>
                <Select options={directionOptions} autoFocus />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16}>
              <TextField name="place" label="流动地点" max={100} required />
            </Col>
            <Col xs={24} sm={12}>
              <TextField name="certificateNo" label="流动党员活动证号" max={50} />
            </Col>
            <Col xs={24} sm={12}>
              <TextField name="hostOrgName" label="流入地党组织" max={100} />
            </Col>
            <Col xs={24} sm={12}>
              <TextField name="contactName" label="联系人" max={50} />
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                label="联系人电话"
                name="contactPhone"
                rules={[{ pattern: new RegExp(phonePattern), message: '请输入手机号或带区号的固定电话' }]}
              >
                <Input maxLength={20} />
              </Form.Item>
            </Col>
          </Row>
          <PeriodFields startRequired="请选择开始日期" endExtra="仍在流动中请留空" />
        </Form>
      )}
    </FormModal>
  );
}
