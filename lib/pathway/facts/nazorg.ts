// Everything after a death: days since death, the nazorg tasks, the window for the nazorggesprek
// (adults 28–42 days, S0; a child under 18: 42–56 days, S1) and the whole timeline for the UI.
import type { RuleContext } from '../context';
import { memo } from '../context';
import type { NazorgStep } from '../types';
import type { Task } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { displayOf } from './common';
import { death } from './patient';
import { isDeclined, isDone, isOpen, pzTasks } from './tasks';
import { ageOn, isoDay, type DayNumber } from './time';

export interface NazorgFacts {
  deathDay: DayNumber;
  /** whole calendar days since the day of death (0 on the day itself) */
  daysSince: number;
  ageAtDeath?: number;
  child: boolean;
  gesprekWindow: { start: number; end: number };
  informed?: Task;
  owner?: { task: Task; display: string };
  contactDone?: Task;
  contactDeclined?: Task;
  gesprekDone?: Task;
  gesprekDeclined?: Task;
  brochureSent?: Task;
  steps: NazorgStep[];
}

/** Nazorg ownership: any nazorg task with an owner (a withdrawn pz#nazorg task no longer assigns). */
function ownerTask(record: PatientRecord, ctx: RuleContext): Task | undefined {
  const codes = ['nazorg', 'nazorg-contact', 'nazorggesprek', 'nazorg-brochure'];
  for (const code of codes) {
    const t = pzTasks(record, ctx, code).find((x) => x.owner && !(code === 'nazorg' && !isOpen(x) && !isDone(x)));
    if (t) return t;
  }
  return undefined;
}

/** Facts for a patient who died with a known date, else null (no window can be placed). */
export function nazorgFacts(record: PatientRecord, ctx: RuleContext): NazorgFacts | null {
  return memo(ctx, 'nazorg', () => {
    const d = death(record, ctx);
    if (!d.deceased || d.day === undefined) return null;
    const w = ctx.config.windows;
    const ageAtDeath = ageOn(record.patientResource?.birthDate, d.day);
    // Without a birth date we cannot tell a child from an adult; the adult window (S0) applies.
    const child = ageAtDeath !== undefined && ageAtDeath < ctx.config.thresholds.childAgeBelow;
    const gesprekWindow = child ? w.nazorggesprekChild : w.nazorggesprekAdult;

    const informed = pzTasks(record, ctx, 'overlijden-melden').find(isDone);
    const owner = ownerTask(record, ctx);
    const contact = pzTasks(record, ctx, 'nazorg-contact');
    const gesprek = pzTasks(record, ctx, 'nazorggesprek');
    const facts: Omit<NazorgFacts, 'steps'> = {
      deathDay: d.day,
      daysSince: ctx.today - d.day,
      ageAtDeath,
      child,
      gesprekWindow,
      informed,
      owner: owner ? { task: owner, display: displayOf(record, owner.owner) ?? 'toegewezen' } : undefined,
      contactDone: contact.find(isDone),
      contactDeclined: contact.find(isDeclined),
      gesprekDone: gesprek.find(isDone),
      gesprekDeclined: gesprek.find(isDeclined),
      brochureSent: pzTasks(record, ctx, 'nazorg-brochure').find(isDone),
    };
    const at = (n: number) => isoDay(d.day! + n);
    const gesprekSettled = facts.gesprekDone ? 'done' : facts.gesprekDeclined ? 'declined' : 'open';
    const steps: NazorgStep[] = [
      { step: 'overlijden-melden', status: informed ? 'done' : 'open', windowStart: at(0), windowEnd: at(w.deathInformCriticalAfterDays) },
      {
        step: 'nazorg',
        status: owner ? 'done' : 'open',
        windowStart: at(0),
        windowEnd: at(w.nazorgOwnerCriticalFromDay),
        owner: facts.owner?.display,
      },
      {
        step: 'nazorg-contact',
        status: facts.contactDone || facts.gesprekDone || facts.gesprekDeclined ? 'done' : facts.contactDeclined ? 'declined' : 'open',
        windowStart: at(w.nazorgContactStartDay),
        windowEnd: at(w.nazorgContactWarningUntilDay),
        owner: facts.owner?.display,
      },
      { step: 'nazorggesprek', status: gesprekSettled, windowStart: at(gesprekWindow.start), windowEnd: at(gesprekWindow.end), owner: facts.owner?.display },
      {
        step: 'nazorg-brochure',
        status: facts.gesprekDeclined ? (facts.brochureSent ? 'done' : 'open') : facts.brochureSent ? 'done' : 'not-applicable',
      },
    ];
    return { ...facts, steps };
  });
}
