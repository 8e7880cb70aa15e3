import { describe, expect, it } from 'vitest';
import { KNOWN_STATUSES, statusInfo } from './status';

describe('statusInfo', () => {
  it('knows every documented status in its wire spelling', () => {
    expect(KNOWN_STATUSES).toEqual([
      'created',
      'reserved',
      'reserve released',
      'paid',
      'partialRefund',
      'refunded',
      'revoked',
      'failed',
      'canceled',
    ]);
    expect(statusInfo('reserve released')).toMatchObject({ label: 'Reserve released', known: true });
    expect(statusInfo('partialRefund')).toMatchObject({ label: 'Partially refunded', tone: 'warn' });
  });

  it('keeps an unknown status verbatim in a neutral tone', () => {
    expect(statusInfo('disputed')).toEqual({ wire: 'disputed', label: 'disputed', tone: 'neutral', known: false });
    // Case matters on the wire: "Paid" is not "paid".
    expect(statusInfo('Paid').known).toBe(false);
  });
});
