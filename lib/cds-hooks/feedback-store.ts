// Feedback (accepted / overridden) and the cards shown, in an embedded SQLite database (better-sqlite3)
// that survives a restart. Idempotent by card uuid: a card reported twice (a client retrying, or two
// screens) counts once, whatever the second report says. No patient data and no free text are stored:
// a card uuid, its prompt code, the outcome and the coded reason. This is the alert-burden figure.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { FeedbackItem } from './schemas';

export const DEFAULT_DB_PATH = '.data/cds-feedback.sqlite';

export interface PromptReport {
  code: string;
  /** distinct cards shown (the same card in ten calls is one) */
  shown: number;
  accepted: number;
  overridden: number;
  /** overridden / shown, or null when nothing was shown */
  overrideRate: number | null;
  topReasons: Array<{ code: string; display?: string; count: number }>;
}

export interface FeedbackStore {
  recordShown(cards: Array<{ uuid: string; code: string }>, at: string): void;
  /** true when stored, false when this card already had feedback (counted once) */
  recordFeedback(service: string, item: FeedbackItem): boolean;
  report(): PromptReport[];
  close(): void;
}

export function openFeedbackStore(path: string = DEFAULT_DB_PATH): FeedbackStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS card_shown (uuid TEXT PRIMARY KEY, code TEXT NOT NULL, first_shown TEXT NOT NULL, times INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE IF NOT EXISTS feedback (
      card TEXT PRIMARY KEY, service TEXT NOT NULL, code TEXT, outcome TEXT NOT NULL CHECK (outcome IN ('accepted','overridden')),
      suggestions TEXT, reason_system TEXT, reason_code TEXT, reason_display TEXT, at TEXT NOT NULL);
  `);
  const shown = db.prepare('INSERT INTO card_shown (uuid, code, first_shown) VALUES (?, ?, ?) ON CONFLICT(uuid) DO UPDATE SET times = times + 1');
  const codeOf = db.prepare<[string], { code: string }>('SELECT code FROM card_shown WHERE uuid = ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO feedback (card, service, code, outcome, suggestions, reason_system, reason_code, reason_display, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const shownMany = db.transaction((cards: Array<{ uuid: string; code: string }>, at: string) => {
    for (const c of cards) shown.run(c.uuid, c.code, at);
  });

  return {
    recordShown: (cards, at) => shownMany(cards, at),
    recordFeedback(service, f) {
      const code = codeOf.get(f.card)?.code ?? null;
      const r = f.overrideReason?.reason;
      const res = insert.run(
        f.card,
        service,
        code,
        f.outcome,
        f.acceptedSuggestions ? f.acceptedSuggestions.map((s) => s.id).join(',') : null,
        r?.system ?? null,
        r?.code ?? null,
        r?.display ?? null,
        f.outcomeTimestamp,
      );
      return res.changes === 1;
    },
    report() {
      const rows = db
        .prepare<[], { code: string; shown: number; accepted: number; overridden: number }>(
          `SELECT codes.code AS code,
             (SELECT COUNT(*) FROM card_shown s WHERE s.code = codes.code) AS shown,
             (SELECT COUNT(*) FROM feedback f WHERE COALESCE(f.code, '(onbekende kaart)') = codes.code AND f.outcome = 'accepted') AS accepted,
             (SELECT COUNT(*) FROM feedback f WHERE COALESCE(f.code, '(onbekende kaart)') = codes.code AND f.outcome = 'overridden') AS overridden
           FROM (SELECT code FROM card_shown UNION SELECT COALESCE(code, '(onbekende kaart)') FROM feedback) codes ORDER BY codes.code`,
        )
        .all();
      const reasons = db.prepare<[string], { code: string; display: string | null; count: number }>(
        `SELECT reason_code AS code, MAX(reason_display) AS display, COUNT(*) AS count FROM feedback
         WHERE COALESCE(code, '(onbekende kaart)') = ? AND outcome = 'overridden' AND reason_code IS NOT NULL
         GROUP BY reason_code ORDER BY count DESC, reason_code LIMIT 3`,
      );
      return rows.map((r) => ({
        ...r,
        overrideRate: r.shown ? r.overridden / r.shown : null,
        topReasons: reasons.all(r.code).map((x) => ({ code: x.code, ...(x.display ? { display: x.display } : {}), count: x.count })),
      }));
    },
    close: () => db.close(),
  };
}
