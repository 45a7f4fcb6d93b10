import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, Form, Input, Typography, type UploadFile } from 'antd';
import { useState } from 'react';
import { FileUploadList, uploadedFiles, uploadedIds } from '../../../shared/files/file-upload.js';
import { FormModal } from '../../../shared/form-modal.js';
import { affectedBy } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { LedgerRecordSelect, ledgerRecordText } from '../../../shared/ledger/ledger-record-select.js';
import { saveEvidence } from '../api/routine-scores.js';
import type { EvidenceView, OrgSheet } from '../../../../contract/routine-scores.js';

/** A line's 佐证材料 under its explanation: file links and the ledger records cited. */
export function EvidenceList({ evidence, lineKey }: { evidence: EvidenceView | null; lineKey: string }) {
  if (!evidence) return null;
  return (
    <div data-testid={`routine-evidence-${lineKey}`} style={{ fontSize: 12 }}>
      <Typography.Text type="secondary">佐证材料：</Typography.Text>
      {evidence.note && <Typography.Text type="secondary">{evidence.note}</Typography.Text>}
      {evidence.files.map((f) => (
        <div key={`f${f.id}`}>
          <a href={`/api/files/${f.id}`} target="_blank" rel="noreferrer">
            <PaperClipOutlined /> {f.name}
          </a>
        </div>
      ))}
      {evidence.ledgerRecords.map((r) => (
        <div key={`r${r.id}`}>
          <Typography.Text>台账：{ledgerRecordText(r)}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

interface Values {
  ledgerRecordIds: number[];
  note?: string;
}

/** Replaces an indicator's 佐证材料: uploads, ledger records of the org in the cycle's period, a note. */
export function EvidenceModal({
  view,
  indicator,
  onClose,
}: {
  view: OrgSheet;
  indicator: { key: string; name: string } | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const evidence = view.entries.find((e) => e.key === indicator?.key)?.evidence ?? null;
  // Keyed by the indicator in the sheet, so each opening starts from the stored files.
  const [files, setFiles] = useState<UploadFile[]>(() => uploadedFiles(evidence?.files ?? []));
  const save = useSubmit({
    submit: (values: Values) =>
      saveEvidence(view.cycle.id, view.org.id, indicator!.key, {
        fileIds: uploadedIds(files),
        ledgerRecordIds: values.ledgerRecordIds ?? [],
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      }),
    invalidates: affectedBy.routine,
    form,
    onSuccess: onClose,
  });
  return (
    <FormModal
      title={`佐证材料：${indicator?.name ?? ''}`}
      open={indicator !== null}
      formId="routine-evidence-form"
      submitting={save.submitting}
      onCancel={onClose}
      afterClose={save.reset}
      data-testid="routine-evidence-modal"
    >
      <Form
        form={form}
        id="routine-evidence-form"
        layout="vertical"
        onFinish={save.run}
        initialValues={{
          ledgerRecordIds: evidence?.ledgerRecords.map((r) => r.id) ?? [],
          note: evidence?.note ?? undefined,
        }}
      >
        {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
        <Form.Item label="台账记录" name="ledgerRecordIds" extra="本组织及下级组织在本考核周期内的台账">
          <LedgerRecordSelect
            orgId={view.org.id}
            from={view.cycle.startsOn}
            to={view.cycle.endsOn}
            cited={evidence?.ledgerRecords ?? []}
            enabled={indicator !== null}
            data-testid="routine-evidence-records"
          />
        </Form.Item>
        <Form.Item label="文件" extra="支持 JPG、PNG、WebP 图片和 PDF、Word、Excel 文件，单个不超过 20 MB">
          <FileUploadList kind="evidence" orgId={view.org.id} fileList={files} onChange={setFiles} />
        </Form.Item>
        <Form.Item label="说明" name="note">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
