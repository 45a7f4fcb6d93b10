import { DeleteOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { affectedBy, assessmentKeys } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import {
  acknowledgeTargetLetter,
  getTargetLetter,
  issueTargetLetter,
  saveTargetLetterItems,
} from '../api/target-letters.js';
import { LetterStatusTag } from './cycle-labels.js';
import type { TargetLetter, TargetLetterItem } from '../../../../contract/target-letters.js';

const percentOf = (item: TargetLetter['items'][number]) =>
  item.result.done === null ? 0 : Math.min(100, Math.round((item.result.done / item.target) * 100));

/** Items of a draft, edited as a whole: figures of scheme items, and items of the organizer's own. */
function ItemsModal({ letter, open, onClose }: { letter: TargetLetter; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ items: TargetLetterItem[] }>();
  const save = useSubmit({
    submit: ({ items }: { items: TargetLetterItem[] }) => saveTargetLetterItems(letter.id, items),
    invalidates: affectedBy.assessment,
    form,
    onSuccess: onClose,
  });
  return (
    <Modal
      title="编辑目标事项"
      open={open}
      width={760}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ htmlType: 'submit', form: 'letter-items-form', loading: save.submitting }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        id="letter-items-form"
        layout="vertical"
        preserve={false}
        initialValues={{ items: letter.items.map(({ result: _result, ...item }) => item) }}
        onFinish={(values) => save.run({ items: form.getFieldsValue(true).items ?? values.items })}
      >
        {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field) => {
                const entered = form.getFieldValue(['items', field.name, 'progress', 'kind']) === 'entered';
                return (
                  <Space key={field.key} wrap align="start">
                    <Form.Item
                      name={[field.name, 'label']}
                      label="目标事项"
                      rules={[{ required: true, whitespace: true, message: '请填写目标事项' }]}
                    >
                      <Input style={{ width: 240 }} maxLength={100} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'target']}
                      label="目标值"
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <InputNumber min={0.01} max={100000} style={{ width: 96 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'unit']}
                      label="单位"
                      rules={[{ required: true, whitespace: true, message: '请填写' }]}
                    >
                      <Input style={{ width: 72 }} maxLength={10} />
                    </Form.Item>
                    {entered && (
                      <Form.Item name={[field.name, 'progress', 'value']} label="已完成">
                        <InputNumber min={0} max={100000} style={{ width: 96 }} />
                      </Form.Item>
                    )}
                    <Form.Item label=" ">
                      <Button
                        icon={<DeleteOutlined />}
                        aria-label="删除"
                        onClick={() => remove(field.name)}
                      />
                    </Form.Item>
                  </Space>
                );
              })}
              <Button
                icon={<PlusOutlined />}
                onClick={() =>
                  add({
                    indicatorKey: null,
                    label: '',
                    target: 1,
                    unit: '项',
                    progress: { kind: 'entered', value: null },
                  })
                }
              >
                增加事项（完成情况手工填报）
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** One letter: its items with progress bars, and what the reader may do with it. */
export function TargetLetterDrawer({ letterId, onClose }: { letterId: number | null; onClose: () => void }) {
  const phone = useIsPhone();
  const { modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const { data: letter, error } = useQuery({
    queryKey: assessmentKeys.letter(letterId ?? 0),
    queryFn: letterId === null ? skipToken : ({ signal }) => getTargetLetter(letterId, signal),
  });
  const issue = useSubmit({
    submit: (id: number) => issueTargetLetter(id),
    invalidates: affectedBy.assessment,
  });
  const acknowledge = useSubmit({
    submit: (id: number) => acknowledgeTargetLetter(id),
    invalidates: affectedBy.assessment,
  });
  const shown = letter && letter.id === letterId ? letter : undefined;
  return (
    <Drawer
      title={shown ? `目标责任书：${shown.org.name}` : '目标责任书'}
      open={letterId !== null}
      onClose={onClose}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? '90%' : 640}
      data-testid="letter-drawer"
      extra={
        shown && (
          <Link to={`/target-letters/${shown.id}/print`}>
            <Button icon={<PrinterOutlined />}>打印</Button>
          </Link>
        )
      }
    >
      {error && <Alert type="error" showIcon title={errorText(error)} />}
      {!shown && !error && <Skeleton active />}
      {shown && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'status', label: '状态', children: <LetterStatusTag status={shown.status} /> },
              { key: 'cycle', label: '考核周期', children: shown.cycle.name },
              {
                key: 'issued',
                label: '下达',
                children: shown.issuedOn ? `${shown.issuedOn}（${shown.issuedByName ?? ''}）` : '尚未下达',
              },
              {
                key: 'ack',
                label: '签收',
                children: shown.acknowledgedOn
                  ? `${shown.acknowledgedOn}（${shown.acknowledgedByName ?? ''}）`
                  : '尚未签收',
              },
            ]}
          />
          <Space wrap>
            {shown.editable && (
              <>
                <Button onClick={() => setEditing(true)} data-testid="letter-edit">
                  编辑目标事项
                </Button>
                <Button
                  type="primary"
                  data-testid="letter-issue"
                  onClick={() =>
                    modal.confirm({
                      title: `下达${shown.org.name}的目标责任书？`,
                      content: '下达后目标事项不能再修改，由该组织书记签收。',
                      okText: '下达',
                      cancelText: '取消',
                      onOk: () => issue.runAsync(shown.id).catch(() => undefined),
                    })
                  }
                >
                  下达
                </Button>
              </>
            )}
            {shown.acknowledgeable && (
              <Button
                type="primary"
                data-testid="letter-acknowledge"
                loading={acknowledge.submitting}
                onClick={() =>
                  modal.confirm({
                    title: '签收目标责任书？',
                    content: '签收即确认已知悉并承诺完成各项目标，签收日期记录在案。',
                    okText: '签收',
                    cancelText: '取消',
                    onOk: () => acknowledge.runAsync(shown.id).catch(() => undefined),
                  })
                }
              >
                签收
              </Button>
            )}
          </Space>
          <List
            data-testid="letter-items"
            header={<Typography.Text strong>目标事项及完成情况</Typography.Text>}
            dataSource={shown.items}
            locale={{ emptyText: '没有目标事项' }}
            renderItem={(item) => (
              <List.Item>
                <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                  <Typography.Text>{item.label}</Typography.Text>
                  <Progress
                    percent={percentOf(item)}
                    status={item.result.reached ? 'success' : 'active'}
                    format={() => (item.result.reached ? '已完成' : `${percentOf(item)}%`)}
                  />
                  <Typography.Text type="secondary">{item.result.detail}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          <ItemsModal letter={shown} open={editing} onClose={() => setEditing(false)} />
        </Space>
      )}
    </Drawer>
  );
}
