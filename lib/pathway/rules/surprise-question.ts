// surprise-question | alive, not palliative, no surprise-question answer in the last 183 days, and at
// least one signal: an active serious-illness condition; or age ≥ 75 with ≥ 3 active conditions; or
// ≥ 2 unplanned hospital admissions in the last 183 days | info (warning with two or more signals)
// | specialist, zaalarts | S3 Signaleren, Surprise question
import { SOURCES } from '../sources';
import { activeConditions, seriousIllnesses } from '../facts/conditions';
import { recentUnplannedAdmissions } from '../facts/encounters';
import { palliativeMarking } from '../facts/palliative';
import { ageToday, isAlive } from '../facts/patient';
import { latestSurpriseAnswer, recentSurpriseAnswer } from '../facts/surprise';
import { dayOf, dutchDay } from '../facts/time';
import { makePrompt, plural, type Rule } from './rule';

export const SURPRISE_QUESTION_TEXT = 'Zou het u verbazen als deze patiënt in de komende 12 maanden overlijdt?';

export const surpriseQuestion: Rule = {
  code: 'surprise-question',
  source: [SOURCES.signaleren],
  roles: ['specialist', 'zaalarts'],
  evaluate(record, ctx) {
    if (!isAlive(record, ctx) || palliativeMarking(record, ctx)) return null;
    if (recentSurpriseAnswer(record, ctx)) return null;

    const t = ctx.config.thresholds;
    const signals: string[] = [];
    const firedOn: string[] = [];
    // Each serious-illness condition is its own reason, but together they count as one signal
    // (the contract counts three kinds of signal).
    const illnesses = seriousIllnesses(record, ctx);
    if (illnesses.length) {
      signals.push(
        `Ernstige aandoening: ${illnesses
          .map((i) => (i.onsetDay !== undefined ? `${i.label} (sinds ${dutchDay(i.onsetDay)})` : i.label))
          .join(', ')}.`,
      );
      firedOn.push(...illnesses.map((i) => `Condition/${i.condition.id}`));
    }
    const age = ageToday(record, ctx);
    const active = activeConditions(record, ctx);
    if (age !== undefined && age >= t.elderlyAge && active.length >= t.elderlyMinActiveConditions) {
      signals.push(`Leeftijd ${age} jaar met ${plural(active.length, 'actieve aandoening', 'actieve aandoeningen')}.`);
      firedOn.push(`age>=${t.elderlyAge}`);
    }
    const admissions = recentUnplannedAdmissions(record, ctx);
    if (admissions.length >= t.unplannedAdmissionsMin) {
      const dates = admissions.map((e) => dayOf(e.period?.start, ctx.tz)).map((d) => (d === undefined ? '?' : dutchDay(d)));
      signals.push(
        `${plural(admissions.length, 'ongeplande opname', 'ongeplande opnames')} in de laatste ${ctx.config.windows.unplannedAdmissionDays} dagen (${dates.join(', ')}).`,
      );
      firedOn.push(...admissions.map((e) => `Encounter/${e.id}`));
    }
    if (signals.length === 0) return null;

    const previous = latestSurpriseAnswer(record, ctx);
    const detail = [
      ...signals,
      previous
        ? `Laatste antwoord op de surprise question: ${dutchDay(previous.day)} (${ctx.today - previous.day} dagen geleden).`
        : 'De surprise question is nog niet beantwoord.',
    ].join(' ');
    return makePrompt(this, record, {
      indicator: signals.length >= 2 ? 'warning' : 'info',
      summary: `Signalen van een mogelijk palliatieve fase: beantwoord de surprise question.`,
      detail,
      actions: [
        { id: 'answer-surprise-question', label: 'Beantwoord de surprise question', params: { question: SURPRISE_QUESTION_TEXT } },
      ],
      firedOn: [...firedOn.sort(), previous ? `Observation/${previous.observation.id}` : undefined],
    });
  },
};
