import { Grid } from 'antd';

/** Below antd's `md` breakpoint: lists become cards and toolbars fold away. */
export function useIsPhone(): boolean {
  return Grid.useBreakpoint().md === false;
}
