import { Modal } from 'antd';
import type { ReactNode } from 'react';

interface FormModalProps {
  title: ReactNode;
  open: boolean;
  /** id of the <Form> inside: the OK button submits it, so Enter in any field submits too. */
  formId: string;
  okText?: string;
  submitting?: boolean;
  onCancel: () => void;
  afterClose?: () => void;
  children: ReactNode;
  /** For forms with many fields laid out in columns. */
  width?: number;
  'data-testid'?: string;
}

/** A modal whose OK button is the submit button of the form inside it. */
export function FormModal({
  title,
  open,
  formId,
  okText = '确定',
  submitting,
  onCancel,
  afterClose,
  children,
  ...rest
}: FormModalProps) {
  return (
    <Modal
      title={title}
      open={open}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ htmlType: 'submit', form: formId, loading: submitting }}
      cancelButtonProps={{ disabled: submitting }}
      onCancel={onCancel}
      afterClose={afterClose}
      destroyOnHidden
      width={rest.width}
      mask={{ closable: !submitting }}
      data-testid={rest['data-testid']}
    >
      {children}
    </Modal>
  );
}
