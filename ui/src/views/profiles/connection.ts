import type { ConnectionCheck } from '../../lib/bindings/ConnectionCheck';

export type ConnectionTone = 'ok' | 'rejected' | 'offline' | 'problem';

export interface ConnectionView {
  tone: ConnectionTone;
  title: string;
  message: string;
}

/** "Test connection" in plain words: it works, the key was refused, or nothing answered. */
export function describeConnection(check: ConnectionCheck): ConnectionView {
  if (check.ok) return { tone: 'ok', title: 'Connected', message: check.message };
  switch (check.code) {
    case 'unauthorized':
    case 'rejected':
      return { tone: 'rejected', title: 'Key rejected', message: check.message };
    case 'offline':
      return { tone: 'offline', title: 'Offline — nothing answered', message: check.message };
    case 'key_missing':
      return { tone: 'problem', title: 'No key stored', message: check.message };
    default:
      return { tone: 'problem', title: 'Connection problem', message: check.message };
  }
}
