import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { listAcknowledgements, listReopenings, recordAcknowledgement, reopenAcknowledgement, suppressing } from '../../lib/store/acknowledgements';
import { PzDatabase } from '../../lib/store/db';

const db = new PzDatabase('ack-test');
const prompt = { code: 'kindcheck' as const, key: 'p1|kindcheck|v1' };

describe('acknowledgements and snoozes', () => {
  test('stored with reason, who and when, and audited', async () => {
    const ack = await recordAcknowledgement(db, { patientId: 'p1', promptKey: prompt.key, code: 'kindcheck', kind: 'ack', untilDataChanges: true, reason: 'Besproken met familie', who: 'Practitioner/a', when: '2025-03-01T10:00:00Z' });
    expect(ack.id).toBeTypeOf('number');
    expect(await listAcknowledgements(db, 'p1')).toHaveLength(1);
    expect((await db.audit.toArray()).at(-1)).toMatchObject({ event: 'acknowledged', patientId: 'p1', subject: prompt.key });
    await expect(recordAcknowledgement(db, { patientId: 'p1', promptKey: prompt.key, code: 'kindcheck', kind: 'ack', untilDataChanges: true, reason: ' ', who: 'x' })).rejects.toThrow(/reden/);
    await expect(recordAcknowledgement(db, { patientId: 'p1', promptKey: prompt.key, code: 'kindcheck', kind: 'snooze', untilDataChanges: true, reason: 'later', who: 'x' })).rejects.toThrow(/einddatum/);
  });

  test('an acknowledgement hides the prompt until its data changes (new key)', () => {
    const ack = { patientId: 'p1', promptKey: prompt.key, code: 'kindcheck' as const, kind: 'ack' as const, untilDataChanges: true, reason: 'r', who: 'w', when: '2025-03-01T10:00:00Z' };
    const now = new Date('2025-06-01T00:00:00Z');
    expect(suppressing([ack], prompt, now)).toBe(ack);
    expect(suppressing([ack], { ...prompt, key: 'p1|kindcheck|v2' }, now)).toBeUndefined();
    expect(suppressing([ack], { code: 'caregiver-burden', key: prompt.key }, now)).toBeUndefined();
  });

  test('a snooze ends at its until, to the millisecond', () => {
    const snooze = { patientId: 'p1', promptKey: prompt.key, code: 'kindcheck' as const, kind: 'snooze' as const, until: '2025-03-08T00:00:00Z', untilDataChanges: true, reason: 'r', who: 'w', when: '2025-03-01T10:00:00Z' };
    expect(suppressing([snooze], prompt, new Date('2025-03-07T23:59:59.999Z'))).toBe(snooze);
    expect(suppressing([snooze], prompt, new Date('2025-03-08T00:00:00Z'))).toBeUndefined();
  });

  test('reopening a snooze: the row goes and the audit says who, when and why; no reason, no reopening', async () => {
    const rdb = new PzDatabase('reopen-test');
    const snooze = await recordAcknowledgement(rdb, { patientId: 'p2', promptKey: 'p2|kindcheck|v1', code: 'kindcheck', kind: 'snooze', until: '2025-03-08T10:00:00Z', untilDataChanges: true, reason: 'later', who: 'Dr. A', when: '2025-03-01T10:00:00Z' });
    await expect(reopenAcknowledgement(rdb, snooze.id!, { who: 'Dr. B', reason: '  ' })).rejects.toThrow(/reden/);
    expect(await listAcknowledgements(rdb, 'p2')).toHaveLength(1);
    const r = await reopenAcknowledgement(rdb, snooze.id!, { who: 'Dr. B', reason: 'nieuwe zorgen van de familie', when: '2025-03-02T09:00:00Z' });
    expect(r).toMatchObject({ promptKey: 'p2|kindcheck|v1', code: 'kindcheck', who: 'Dr. B' });
    expect(await listAcknowledgements(rdb, 'p2')).toHaveLength(0);
    expect(await listReopenings(rdb, 'p2')).toEqual([
      { patientId: 'p2', promptKey: 'p2|kindcheck|v1', code: 'kindcheck', reason: 'nieuwe zorgen van de familie', who: 'Dr. B', when: '2025-03-02T09:00:00Z' },
    ]);
    // already reopened (e.g. in another panel): refused, and no second audit entry
    await expect(reopenAcknowledgement(rdb, snooze.id!, { who: 'Dr. B', reason: 'nogmaals' })).rejects.toThrow(/bestaat niet/);
    expect(await listReopenings(rdb, 'p2')).toHaveLength(1);
    expect(await listReopenings(rdb, 'p1')).toEqual([]);
  });
});
