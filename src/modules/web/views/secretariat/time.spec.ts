import { instantFromLocal, localFromInstant } from './time';

describe('instants typed as wall-clock time', () => {
  it('reads a local date-time in the zone, whatever its offset', () => {
    expect(instantFromLocal('2027-01-15T09:00', 'Asia/Kolkata')).toBe('2027-01-15T03:30:00.000Z');
    expect(instantFromLocal('2027-01-15T09:00', 'Europe/Paris')).toBe('2027-01-15T08:00:00.000Z');
    expect(instantFromLocal('2027-07-15T09:00', 'Europe/Paris')).toBe('2027-07-15T07:00:00.000Z');
    expect(instantFromLocal('2027-07-15T09:00:30', 'America/Bogota')).toBe('2027-07-15T14:00:30.000Z');
    expect(instantFromLocal('2027-01-01T00:00', 'UTC')).toBe('2027-01-01T00:00:00.000Z');
    expect(instantFromLocal('2027-01-01T00:30', 'Pacific/Chatham')).toBe('2026-12-31T10:45:00.000Z');
  });

  it('shows an instant back as the same wall-clock time', () => {
    for (const zone of ['Asia/Kolkata', 'Europe/Paris', 'America/Bogota', 'Africa/Nairobi', 'UTC']) {
      for (const local of ['2027-01-15T09:00', '2027-07-31T23:59', '2028-02-29T00:00']) {
        expect({ zone, local: localFromInstant(instantFromLocal(local, zone)!, zone) }).toEqual({ zone, local });
      }
    }
  });

  it('reads a time skipped by a clock change with the offset before it, and a repeated time as its first occurrence', () => {
    // Paris, 28 March 2027: 02:00 becomes 03:00; 31 October 2027: 03:00 becomes 02:00.
    expect(instantFromLocal('2027-03-28T02:30', 'Europe/Paris')).toBe('2027-03-28T01:30:00.000Z');
    expect(instantFromLocal('2027-10-31T02:30', 'Europe/Paris')).toBe('2027-10-31T00:30:00.000Z');
  });

  it('refuses what is not a date-time', () => {
    for (const value of ['', '2027-01-15', '2027-02-30T10:00', '2027-01-15T24:00', '15/01/2027 09:00', '2027-01-15T09:00Z', 'soon']) {
      expect({ value, instant: instantFromLocal(value, 'Europe/Paris') }).toEqual({ value, instant: null });
    }
  });

  it('falls back to UTC for a zone the runtime does not know', () => {
    expect(instantFromLocal('2027-01-15T09:00', 'Mars/Olympus')).toBe('2027-01-15T09:00:00.000Z');
    expect(localFromInstant('2027-01-15T09:00:00Z', 'Mars/Olympus')).toBe('2027-01-15T09:00');
  });
});
