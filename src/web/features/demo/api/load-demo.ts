import { api } from '../../../lib/api-client.js';
import type { DemoLoadResult } from '../../../../contract/demo.js';

/** Fills an empty system with the demo county (admins only). */
export function loadDemo(): Promise<DemoLoadResult> {
  return api.post<DemoLoadResult>('/demo');
}
