import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { ApiError, errorText } from './api-client.js';
import { useErrorMessage } from './use-error-message.js';

export interface SubmitOptions<TInput, TResult> {
  /** The write itself: one call of a feature's api/. */
  submit: (input: TInput) => Promise<TResult>;
  /** Query keys made stale by a successful write (see `affectedBy`); 'everything' after imports. */
  invalidates: readonly QueryKey[] | 'everything';
  /**
   * The form the write comes from: its failure is shown in the form (`error`) and on the fields the
   * server names (`details` of a 400). Without one (a button), it is shown as a toast.
   */
  form?: FormInstance;
  /** Error codes that concern one field (WRONG_PASSWORD → currentPassword): shown on it alone. */
  fieldFor?: Record<string, string>;
  /** Closes or resets the form, shows a success message, moves on. */
  onSuccess?: (result: TResult, input: TInput) => void;
}

interface FieldError {
  field: string;
  message: string;
}

function fieldErrorsOf(error: unknown): FieldError[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as unknown[]).filter(
    (d): d is FieldError =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as FieldError).field === 'string' &&
      typeof (d as FieldError).message === 'string',
  );
}

/** `config.quotas.0.maxShare` → ['config', 'quotas', 0, 'maxShare']: Form.List rows are named by numbers. */
const namePathOf = (field: string) =>
  field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * The one way the web writes. A failure leaves the form open with its values and shows the server's
 * Chinese message; a success refetches the affected queries and calls `onSuccess`, which closes or
 * resets. `submitting` drives the OK button's spinner; `reset` clears the message when a form closes.
 */
export function useSubmit<TInput, TResult>({
  submit,
  invalidates,
  form,
  fieldFor,
  onSuccess,
}: SubmitOptions<TInput, TResult>) {
  const queryClient = useQueryClient();
  const showError = useErrorMessage();
  const fieldOf = (error: unknown) => (error instanceof ApiError ? fieldFor?.[error.code] : undefined);
  const mutation = useMutation({
    mutationFn: submit,
    onSuccess: (result, input) => {
      if (invalidates === 'everything') void queryClient.invalidateQueries();
      else for (const queryKey of invalidates) void queryClient.invalidateQueries({ queryKey });
      onSuccess?.(result, input);
    },
    onError: (error) => {
      if (!form) {
        showError(error);
        return;
      }
      const field = fieldOf(error);
      if (field) {
        form.setFields([{ name: field, errors: [errorText(error)] }]);
        return;
      }
      const known = new Set(Object.keys(form.getFieldsValue(true) as object));
      const fields = fieldErrorsOf(error)
        .map(({ field, message }) => ({ name: namePathOf(field), errors: [message] }))
        .filter(({ name }) => known.has(String(name[0])));
      if (fields.length > 0) form.setFields(fields);
    },
  });
  return {
    /** Fire and forget: a failure is already shown. */
    run: (input: TInput) => mutation.mutate(input),
    /** For callers that must wait (a confirm dialog's OK button): rejects after the failure is shown. */
    runAsync: (input: TInput) => mutation.mutateAsync(input),
    submitting: mutation.isPending,
    /** What the write in progress (or the last one) was given, e.g. to mark its row busy. */
    input: mutation.variables,
    /** The failure's Chinese text, for forms to show above their fields. */
    error: form && mutation.error && !fieldOf(mutation.error) ? errorText(mutation.error) : null,
    reset: mutation.reset,
  };
}
