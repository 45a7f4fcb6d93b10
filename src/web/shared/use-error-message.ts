import { App } from 'antd';
import { useCallback } from 'react';
import { errorText, isAbort, isHandledGlobally } from './api-client.js';

/** Shows an API error as a toast, except those the app handles itself by redirecting. */
export function useErrorMessage(): (error: unknown) => void {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown) => {
      if (isAbort(error) || isHandledGlobally(error)) return;
      void message.error(errorText(error));
    },
    [message],
  );
}
