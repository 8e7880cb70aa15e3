import type { GuardRails } from '../bindings/GuardRails';
import type { NewProfile } from '../bindings/NewProfile';
import type { Profile } from '../bindings/Profile';
import { call } from './invoke';

export const listProfiles = () => call<Profile[]>('list_profiles');
export const createProfile = (profile: NewProfile) => call<Profile>('create_profile', { profile });
export const renameProfile = (id: string, name: string) => call<Profile>('rename_profile', { id, name });
export const recolorProfile = (id: string, color: string) => call<Profile>('recolor_profile', { id, color });
export const setProfileBaseUrl = (id: string, baseUrl: string) =>
  call<Profile>('set_profile_base_url', { id, baseUrl });
export const setGuardRails = (id: string, guardRails: GuardRails) =>
  call<Profile>('set_guard_rails', { id, guardRails });
/** Deleting a profile with cached data needs `purgeCache: true` (code `confirmation_required`). */
export const deleteProfile = (id: string, purgeCache: boolean) => call<void>('delete_profile', { id, purgeCache });
