import { Alert, Checkbox, Col, Divider, Form, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  branchRoleLabels,
  branchRoles,
  educationLabels,
  educationLevels,
  genderLabels,
  genders,
  idCardProblem,
  phonePattern,
  stageAgreementProblem,
  stageDatesProblem,
  stageLabels,
  stages,
  villageCommitteeRoleLabels,
  villageCommitteeRoles,
  type StageDates,
} from '../../../../domain/member-base.js';
import { DateField, TextField } from '../../../components/form-fields.js';
import { FormModal } from '../../../components/form-modal.js';
import { errorText } from '../../../lib/api-client.js';
import { blankToNull, dayjsToIso, isoToDayjs, todayIso } from '../../../lib/date-values.js';
import { OrgPicker } from '../../orgs/components/org-picker.js';
import { createMember } from '../api/create-member.js';
import { updateMember } from '../api/update-member.js';
import type { Member, MemberInput, UpdateMemberInput } from '../../../../contract/members.js';

export type MemberFormMode =
  { kind: 'create'; org: { id: number; name: string } | null } | { kind: 'edit'; member: Member };

const dateKeys = [
  'birthDate',
  'appliedOn',
  'activistOn',
  'candidateOn',
  'probationaryOn',
  'fullOn',
  'leftOn',
] as const;
const stageDateKeys = ['appliedOn', 'activistOn', 'candidateOn', 'probationaryOn', 'fullOn'] as const;

type Values = Omit<MemberInput, (typeof dateKeys)[number] & keyof MemberInput> &
  Record<(typeof dateKeys)[number], Dayjs | null> & {
    orgId: number | null;
    idCard: string | null;
    leftReason: string | null;
  };

const options = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((value) => ({ value, label: labels[value] }));
const flagOptions = [
  { value: 'isTownLeader', label: '乡镇领导班子成员' },
  { value: 'isCollegeGradOfficial', label: '大学生村官' },
  { value: 'isResidentCadre', label: '驻村干部' },
  { value: 'isFirstSecretary', label: '第一书记' },
] as const;
type BooleanFlag = (typeof flagOptions)[number]['value'];

function initialValues(
  mode: MemberFormMode,
  showsIdCard: boolean,
): Partial<Values> & { flags: BooleanFlag[] } {
  if (mode.kind === 'create') return { orgId: mode.org?.id ?? null, stage: 'full', flags: [] };
  const m = mode.member;
  return {
    ...isoToDayjs(m, dateKeys),
    // A masked number cannot be sent back; the field then only takes a replacement.
    idCard: showsIdCard ? m.idCard : null,
    flags: flagOptions.filter((f) => m[f.value]).map((f) => f.value),
  };
}

interface Props {
  open: boolean;
  mode: MemberFormMode | null;
  /** The reader holds member.idCard, so ID numbers arrive unmasked and may be edited in place. */
  showsIdCard: boolean;
  onClose: () => void;
  onSaved: (member: Member, mode: MemberFormMode) => void;
}

export function MemberFormModal({ open, mode, showsIdCard, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values & { flags: BooleanFlag[] }>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editing = mode?.kind === 'edit' ? mode.member : null;

  async function onFinish(raw: Values & { flags: BooleanFlag[] }) {
    if (!mode) return;
    setSubmitting(true);
    setError(null);
    const { flags, orgId, idCard, leftOn, leftReason, ...rest } = dayjsToIso(raw, dateKeys);
    const typedIdCard = blankToNull(idCard);
    const input: MemberInput = {
      ...rest,
      name: rest.name.trim(),
      ethnicity: blankToNull(rest.ethnicity),
      occupation: blankToNull(rest.occupation),
      phone: blankToNull(rest.phone),
      education: rest.education ?? null,
      branchRole: rest.branchRole ?? null,
      villageCommitteeRole: rest.villageCommitteeRole ?? null,
      isTownLeader: flags.includes('isTownLeader'),
      isCollegeGradOfficial: flags.includes('isCollegeGradOfficial'),
      isResidentCadre: flags.includes('isResidentCadre'),
      isFirstSecretary: flags.includes('isFirstSecretary'),
    };
    try {
      if (mode.kind === 'create') {
        onSaved(await createMember({ ...input, orgId: orgId!, idCard: typedIdCard }), mode);
      } else {
        const patch: UpdateMemberInput = {
          ...input,
          leftOn,
          leftReason: leftOn ? blankToNull(leftReason) : null,
        };
        // Readers of masked numbers leave the field empty to keep the stored one.
        if (typedIdCard !== null || (showsIdCard && mode.member.idCard !== null)) patch.idCard = typedIdCard;
        onSaved(await updateMember(mode.member.id, patch), mode);
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSubmitting(false);
    }
  }

  const stageRule = {
    validator: async () => {
      const values = dayjsToIso(form.getFieldsValue([...stageDateKeys]), stageDateKeys) as StageDates;
      const stage = form.getFieldValue('stage') as Values['stage'] | undefined;
      const problem =
        stageDatesProblem(values) ?? (stage ? stageAgreementProblem(stage, values, todayIso()) : null);
      if (problem) throw new Error(problem);
    },
  };
  const dateField = (name: (typeof stageDateKeys)[number], label: string) => (
    <Col xs={24} sm={12} md={8}>
      <DateField name={name} label={label} past />
    </Col>
  );

  return (
    <FormModal
      title={editing ? `编辑党员：${editing.name}` : '新增党员'}
      open={open && mode !== null}
      formId="member-form"
      okText={editing ? '保存' : '创建'}
      submitting={submitting}
      onCancel={onClose}
      afterClose={() => setError(null)}
      width={800}
      data-testid="member-form-modal"
    >
      {mode && (
        <Form
          form={form}
          id="member-form"
          name="member-form"
          layout="vertical"
          disabled={submitting}
          initialValues={initialValues(mode, showsIdCard)}
          onFinish={onFinish}
          onValuesChange={(changed) => {
            // Re-check the stage whenever one of its dates changes, so the message follows the input.
            if (stageDateKeys.some((k) => k in changed) || 'stage' in changed)
              void form.validateFields(['stage']).catch(() => undefined);
          }}
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Row gutter={16}>
            <Col xs={24} sm={12} md={8}>
              <TextField name="name" label="姓名" max={50} required autoFocus />
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item label="性别" name="gender" rules={[{ required: true, message: '请选择性别' }]}>
                <Select options={options(genders, genderLabels)} placeholder="请选择" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <TextField name="ethnicity" label="民族" max={20} placeholder="如：汉族" />
            </Col>
            {mode.kind === 'create' && (
              <Col xs={24} md={16}>
                <Form.Item
                  label="所属党组织"
                  name="orgId"
                  rules={[{ required: true, message: '请选择所属党组织' }]}
                >
                  <OrgPicker selectedLabel={mode.org?.name ?? null} placeholder="输入名称搜索党组织" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} sm={12} md={8}>
              <DateField name="birthDate" label="出生日期" past />
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item label="学历" name="education">
                <Select options={options(educationLevels, educationLabels)} allowClear placeholder="请选择" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                label="身份证号码"
                name="idCard"
                normalize={(v: string) => v.toUpperCase()}
                extra={
                  editing?.idCard && !showsIdCard ? `已登记 ${editing.idCard}，留空表示不修改` : '可不填'
                }
                rules={[
                  {
                    validator: async (_, value: string | null) => {
                      const problem = value?.trim() ? idCardProblem(value.trim()) : null;
                      if (problem) throw new Error(problem);
                    },
                  },
                ]}
              >
                <Input maxLength={18} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                label="联系电话"
                name="phone"
                rules={[{ pattern: new RegExp(phonePattern), message: '请输入手机号或带区号的固定电话' }]}
              >
                <Input maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <TextField name="occupation" label="职业" max={50} />
            </Col>
          </Row>
          <Divider titlePlacement="start">发展阶段</Divider>
          <Row gutter={16}>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                label="人员类别"
                name="stage"
                rules={[{ required: true, message: '请选择人员类别' }, stageRule]}
              >
                <Select options={options(stages, stageLabels)} />
              </Form.Item>
            </Col>
            {dateField('appliedOn', '申请入党日期')}
            {dateField('activistOn', '确定为积极分子日期')}
            {dateField('candidateOn', '确定为发展对象日期')}
            {dateField('probationaryOn', '入党日期')}
            {dateField('fullOn', '转正日期')}
          </Row>
          <Divider titlePlacement="start">职务与身份</Divider>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label="支部职务" name="branchRole">
                <Select options={options(branchRoles, branchRoleLabels)} allowClear placeholder="无" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="村（居）委会职务" name="villageCommitteeRole">
                <Select
                  options={options(villageCommitteeRoles, villageCommitteeRoleLabels)}
                  allowClear
                  placeholder="无"
                />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item
                label="其他身份"
                name="flags"
                extra="两委成员、交叉任职、一肩挑由上面两项职务自动得出"
              >
                <Checkbox.Group options={[...flagOptions]} />
              </Form.Item>
            </Col>
          </Row>
          {editing && (
            <>
              <Divider titlePlacement="start">离开（党员不删除，登记离开后保留全部历史）</Divider>
              <Row gutter={16}>
                <Col xs={24} sm={8}>
                  <DateField name="leftOn" label="离开日期" past placeholder="未离开" />
                </Col>
                <Col xs={24} sm={16}>
                  <Form.Item
                    label="离开原因"
                    name="leftReason"
                    dependencies={['leftOn']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: async (_, value: string | null) => {
                          if (getFieldValue('leftOn') && !value?.trim()) throw new Error('请填写离开原因');
                        },
                      }),
                      { max: 200, message: '离开原因不能超过 200 个字' },
                    ]}
                  >
                    <Input maxLength={200} placeholder="如：去世、出党、转出本县" />
                  </Form.Item>
                </Col>
              </Row>
            </>
          )}
        </Form>
      )}
    </FormModal>
  );
}
