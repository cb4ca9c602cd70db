import { nextMorning } from './reminders.service';

const local = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);

describe('nextMorning', () => {
  it.each([
    // instant, zone, expected local time
    ['2027-06-01T05:00:00Z', 'Europe/Paris', '01/06/2027, 09:00'], // 07:00 local: the same morning
    ['2027-06-01T12:00:00Z', 'Europe/Paris', '02/06/2027, 09:00'], // 14:00 local: the next one
    ['2027-06-01T12:00:00Z', 'Asia/Kolkata', '02/06/2027, 09:00'], // a half-hour offset
    ['2027-06-01T12:00:00Z', 'Asia/Tokyo', '02/06/2027, 09:00'],
    ['2027-06-01T12:00:00Z', 'America/Bogota', '01/06/2027, 09:00'], // 07:00 local, behind UTC: the same morning
    // the evening before clocks go forward, and the night itself
    ['2027-03-27T22:00:00Z', 'Europe/Paris', '28/03/2027, 09:00'],
    ['2027-03-28T00:30:00Z', 'Europe/Paris', '28/03/2027, 09:00'],
    // the evening before clocks go back
    ['2027-10-30T22:00:00Z', 'Europe/Paris', '31/10/2027, 09:00'],
    ['2027-03-13T15:00:00Z', 'America/New_York', '14/03/2027, 09:00'],
    ['2027-04-03T20:00:00Z', 'Australia/Sydney', '04/04/2027, 09:00'],
  ])('%s in %s → %s', (instant, timeZone, expected) => {
    const morning = nextMorning(new Date(instant), timeZone);
    expect(local(morning, timeZone)).toBe(expected);
    expect(morning.getTime()).toBeGreaterThanOrEqual(new Date(instant).getTime());
  });

  it('keeps an instant that is 09:00 already, and the instant itself when the zone is unknown', () => {
    expect(nextMorning(new Date('2027-06-01T07:00:00Z'), 'Europe/Paris').toISOString()).toBe('2027-06-01T07:00:00.000Z');
    expect(nextMorning(new Date('2027-06-01T12:34:56Z'), null).toISOString()).toBe('2027-06-01T12:34:56.000Z');
  });
});
