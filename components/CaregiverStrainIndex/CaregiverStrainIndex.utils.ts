// Caregiver Strain Index (Robinson 1983; S2 "Meetinstrument voor overbelasting"): 13 yes/no items,
// one point per yes; 7 or more = overbelast.
export const CSI_ITEMS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;
export const CSI_OVERLOAD_THRESHOLD = 7;

export type CsiAnswers = Partial<Record<(typeof CSI_ITEMS)[number], boolean>>;

export function csiScore(answers: CsiAnswers): number {
  return CSI_ITEMS.filter((i) => answers[i] === true).length;
}

export function csiUnanswered(answers: CsiAnswers): number {
  return CSI_ITEMS.filter((i) => answers[i] === undefined).length;
}

export function isOverloaded(score: number): boolean {
  return score >= CSI_OVERLOAD_THRESHOLD;
}
