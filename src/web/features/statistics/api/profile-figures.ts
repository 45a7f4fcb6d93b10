import { api } from '../../../shared/api-client.js';
import type {
  ProfileFigures,
  ProfileFiguresInput,
  ProfileFiguresParams,
} from '../../../../contract/profile-figures.js';

export function getProfileFigures(
  params: ProfileFiguresParams,
  signal?: AbortSignal,
): Promise<ProfileFigures> {
  return api.get<ProfileFigures>('/profile-figures', { query: { ...params }, signal });
}

export function saveProfileFigures(input: ProfileFiguresInput): Promise<ProfileFigures> {
  return api.put<ProfileFigures>('/profile-figures', input);
}
