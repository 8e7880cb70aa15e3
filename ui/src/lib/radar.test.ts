import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD_DAYS, isOver, loadThreshold, notificationText, NotifyOnce, overCount, parseThreshold, saveThreshold, THRESHOLD_KEY } from './radar';

const row = (id: string, ageHours: number) => ({ id, ageHours, identifier: `order-${id}`, amountFormatted: '10.00 SEK' });

function memory(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('reserve radar', () => {
  it('keeps the threshold in storage, 5 days by default, ignoring bad values', () => {
    const s = memory();
    expect(loadThreshold(s)).toBe(DEFAULT_THRESHOLD_DAYS);
    expect(loadThreshold(null)).toBe(5);
    saveThreshold(s, 3);
    expect(s.data.get(THRESHOLD_KEY)).toBe('3');
    expect(loadThreshold(s)).toBe(3);
    s.setItem(THRESHOLD_KEY, 'soon');
    expect(loadThreshold(s)).toBe(5);
    expect([parseThreshold('7'), parseThreshold('0'), parseThreshold('1.5'), parseThreshold('366')]).toEqual([7, null, null, null]);
  });

  it('counts the badge from the threshold, the boundary included', () => {
    const rows = [row('a', 200), row('b', 120), row('c', 119), row('d', 0)];
    expect(isOver(rows[1]!, 5)).toBe(true);
    expect(isOver(rows[2]!, 5)).toBe(false);
    expect(overCount(rows, 5)).toBe(2);
    expect(overCount(rows, 1)).toBe(3);
    expect(overCount([], 5)).toBe(0);
  });

  it('announces each checkout once per session, per partition, when it crosses', () => {
    const once = new NotifyOnce();
    expect(once.take('p1/test', [row('a', 200), row('b', 10)], 5).map((r) => r.id)).toEqual(['a']);
    // The next poll: a is old news; b has not crossed yet.
    expect(once.take('p1/test', [row('a', 201), row('b', 11)], 5)).toEqual([]);
    // b crosses later.
    expect(once.take('p1/test', [row('a', 260), row('b', 121)], 5).map((r) => r.id)).toEqual(['b']);
    // A lower threshold makes nothing new for the already announced.
    expect(once.take('p1/test', [row('a', 260), row('b', 121)], 1)).toEqual([]);
    // The same id in another partition is another checkout.
    expect(once.take('p1/live', [row('a', 200)], 5).map((r) => r.id)).toEqual(['a']);
  });

  it('words the notification for one and for many', () => {
    expect(notificationText([row('a', 200)], 5)).toEqual({
      title: 'A reservation is getting old',
      body: 'order-a (10.00 SEK) has been reserved for over 5 days: capture or release it.',
    });
    expect(notificationText([row('a', 200), row('b', 130)], 5).title).toBe('2 reservations are getting old');
  });
});
