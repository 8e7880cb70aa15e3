import type { ConnectionCheck } from '../bindings/ConnectionCheck';
import type { KeyStatus } from '../bindings/KeyStatus';
import type { Mode } from '../bindings/Mode';
import type { Scope } from '../bindings/Scope';
import type { VaultStatus } from '../bindings/VaultStatus';
import { call } from './invoke';

export const vaultStatus = () => call<VaultStatus>('vault_status');
export const keyStatuses = (profile: string) => call<KeyStatus[]>('key_statuses', { profile });
/** Write-only: the key goes to the keychain; only its masked form ever comes back. */
export const setKey = (profile: string, mode: Mode, key: string) => call<KeyStatus>('set_key', { profile, mode, key });
export const deleteKey = (profile: string, mode: Mode) => call<boolean>('delete_key', { profile, mode });
export const testConnection = (scope: Scope) => call<ConnectionCheck>('test_connection', { scope });
