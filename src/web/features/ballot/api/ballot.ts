import type {
  BallotForm,
  BallotReceipt,
  CastBallotInput,
  ReceiptStatus,
} from '../../../../contract/meetings.js';
import { api } from '../../../shared/api-client.js';

// The ballot page's calls carry no cookie: a ballot must not travel with anyone's login session.
const anonymous = { credentials: 'omit' } as const;

export const getBallotForm = (code: string) =>
  api.get<BallotForm>(`/ballot/${encodeURIComponent(code)}`, anonymous);

export const castBallot = (code: string, input: CastBallotInput) =>
  api.post<BallotReceipt>(`/ballot/${encodeURIComponent(code)}`, input, anonymous);

export const getReceiptStatus = (receipt: string) =>
  api.get<ReceiptStatus>(`/ballot/receipt/${encodeURIComponent(receipt)}`, anonymous);
