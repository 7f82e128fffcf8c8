/**
 * The durable record of every payment (docs/journal.md argues the choice of SQLite).
 *
 * Each `record()` is one transaction that updates the payment's row and appends an event;
 * with WAL and synchronous=FULL the commit is on disk (fsynced) when the call returns, so
 * the controller may let the step's effect leave the process right after.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../core/clock';
import { WmqrError } from '../../core/errors';
import type { Kopecks } from '../../core/money';
import type { GatewayState, PaySystem, ReceiptItem } from '../ports';
import type { PaymentOutcome } from '../payment-outcome';
import { acquireJournalLock, type JournalLock } from './journal-lock';
import { UNFINISHED_STATES, type JournalState, type JournalStep } from './journal-states';

export interface NewPayment {
  id: string;
  paySystem: PaySystem;
  paymentNumber: number;
  amountKopecks: Kopecks;
  items: ReceiptItem[];
  description: string;
  /** Clock time at which the overall wait ends. */
  deadline: number;
}

/** Fields a step may set; `undefined` leaves a field as it was. */
export interface JournalChange {
  state?: JournalState;
  gatewayState?: GatewayState;
  qrText?: string;
  expiresAt?: number;
  wmTranId?: string;
  paidKopecks?: Kopecks;
  reason?: string;
  /** The device's last fiscal document number, read just before printing the receipt. */
  docBefore?: number;
  fiscalDocumentNumber?: number;
  fiscalSign?: number;
  outcome?: PaymentOutcome;
  /** "CODE: message" of the error that moved the payment here (never a secret). */
  error?: string;
}

export interface JournalEntry extends NewPayment, JournalChange {
  state: JournalState;
  createdAt: number;
  updatedAt: number;
}

export interface JournalEvent {
  seq: number;
  paymentId: string;
  at: number;
  step: JournalStep;
  /** The payment's state after this step. */
  state: JournalState;
  data?: Record<string, unknown>;
}

export interface OpenJournalOptions {
  clock?: Clock;
  /** For listing: no lock, no writes; the file must exist. */
  readOnly?: boolean;
}

const SCHEMA_VERSION = 1;

const COLUMNS: Record<keyof JournalChange, string> = {
  state: 'state',
  gatewayState: 'gateway_state',
  qrText: 'qr_text',
  expiresAt: 'expires_at',
  wmTranId: 'wm_tran_id',
  paidKopecks: 'paid_kopecks',
  reason: 'reason',
  docBefore: 'doc_before',
  fiscalDocumentNumber: 'fiscal_document_number',
  fiscalSign: 'fiscal_sign',
  outcome: 'outcome',
  error: 'error',
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS payments (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  pay_system TEXT NOT NULL,
  payment_number INTEGER NOT NULL,
  amount_kopecks INTEGER NOT NULL,
  items_json TEXT NOT NULL,
  description TEXT NOT NULL,
  deadline INTEGER NOT NULL,
  state TEXT NOT NULL,
  gateway_state TEXT,
  qr_text TEXT,
  expires_at INTEGER,
  wm_tran_id TEXT,
  paid_kopecks INTEGER,
  reason TEXT,
  doc_before INTEGER,
  fiscal_document_number INTEGER,
  fiscal_sign INTEGER,
  outcome TEXT,
  error TEXT
);
CREATE INDEX IF NOT EXISTS payments_created ON payments (created_at);
CREATE INDEX IF NOT EXISTS payments_state ON payments (state);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  payment_id TEXT NOT NULL REFERENCES payments (id),
  at INTEGER NOT NULL,
  step TEXT NOT NULL,
  state TEXT NOT NULL,
  data_json TEXT
);
CREATE INDEX IF NOT EXISTS events_payment ON events (payment_id, seq);
`;

type Row = Record<string, unknown>;

export class PaymentJournal {
  private constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    readonly file: string,
    private readonly lock: JournalLock | undefined,
  ) {}

  /** Opens (creating it when needed) the journal; ":memory:" gives a throwaway one. */
  static open(file: string, options: OpenJournalOptions = {}): PaymentJournal {
    const clock = options.clock ?? systemClock;
    const memory = file === ':memory:';
    if (options.readOnly) {
      if (!fs.existsSync(file)) {
        throw new WmqrError(
          'JOURNAL_NOT_FOUND',
          `No payment journal at ${file}: no payment has been made with these settings yet`,
          { details: { file } },
        );
      }
      const db = new Database(file, { readonly: true, fileMustExist: true });
      return new PaymentJournal(db, clock, file, undefined);
    }

    if (!memory) fs.mkdirSync(path.dirname(file), { recursive: true });
    const lock = memory ? undefined : acquireJournalLock(file);
    try {
      const db = new Database(file);
      // WAL keeps readers (wmqr journal) out of the writer's way; FULL fsyncs every commit.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db, file);
      return new PaymentJournal(db, clock, file, lock);
    } catch (error) {
      lock?.release();
      if (error instanceof WmqrError) throw error;
      throw new WmqrError(
        'JOURNAL_UNUSABLE',
        `Cannot open the payment journal ${file}: ${String(error)}`,
        {
          cause: error,
          details: { file },
        },
      );
    }
  }

  /** Records a new payment in state CREATING_QR (before QrCreate is sent). */
  begin(payment: NewPayment, data?: Record<string, unknown>): JournalEntry {
    const now = this.clock.now();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO payments (id, created_at, updated_at, pay_system, payment_number,
             amount_kopecks, items_json, description, deadline, state)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'CREATING_QR')`,
        )
        .run(
          payment.id,
          now,
          now,
          payment.paySystem,
          payment.paymentNumber,
          payment.amountKopecks,
          JSON.stringify(payment.items),
          payment.description,
          payment.deadline,
        );
      this.insertEvent(payment.id, now, 'creating-qr', 'CREATING_QR', data);
    })();
    return this.mustGet(payment.id);
  }

  /** Records one step: the changed fields and an event, in one durable transaction. */
  record(
    id: string,
    step: JournalStep,
    change: JournalChange = {},
    data?: Record<string, unknown>,
  ): JournalEntry {
    const now = this.clock.now();
    const sets = ['updated_at = @updated_at'];
    const params: Record<string, unknown> = { id, updated_at: now };
    for (const [key, column] of Object.entries(COLUMNS) as Array<[keyof JournalChange, string]>) {
      if (change[key] === undefined) continue;
      sets.push(`${column} = @${column}`);
      params[column] = change[key];
    }
    this.db.transaction(() => {
      const result = this.db
        .prepare(`UPDATE payments SET ${sets.join(', ')} WHERE id = @id`)
        .run(params);
      if (result.changes !== 1) {
        throw new WmqrError('JOURNAL_NO_SUCH_PAYMENT', `Payment ${id} is not in the journal`);
      }
      const state = (this.db.prepare('SELECT state FROM payments WHERE id = ?').get(id) as Row)
        .state as JournalState;
      this.insertEvent(id, now, step, state, data);
    })();
    return this.mustGet(id);
  }

  get(id: string): JournalEntry | undefined {
    const row = this.db.prepare('SELECT * FROM payments WHERE id = ?').get(id) as Row | undefined;
    return row ? toEntry(row) : undefined;
  }

  /** Every step of one payment, oldest first. */
  events(id: string): JournalEvent[] {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE payment_id = ? ORDER BY seq')
      .all(id) as Row[];
    return rows.map(toEvent);
  }

  /** Payments that recovery must look at, oldest first. */
  unfinished(): JournalEntry[] {
    const marks = UNFINISHED_STATES.map(() => '?').join(', ');
    const rows = this.db
      .prepare(`SELECT * FROM payments WHERE state IN (${marks}) ORDER BY created_at, rowid`)
      .all(...UNFINISHED_STATES) as Row[];
    return rows.map(toEntry);
  }

  /** Payments created in [since, until), oldest first: for reconciliation. */
  list(range: { since?: number; until?: number } = {}): JournalEntry[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM payments WHERE created_at >= ? AND created_at < ? ' +
          'ORDER BY created_at, rowid',
      )
      .all(range.since ?? 0, range.until ?? Number.MAX_SAFE_INTEGER) as Row[];
    return rows.map(toEntry);
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.lock?.release();
  }

  private mustGet(id: string): JournalEntry {
    const entry = this.get(id);
    if (!entry)
      throw new WmqrError('JOURNAL_NO_SUCH_PAYMENT', `Payment ${id} is not in the journal`);
    return entry;
  }

  private insertEvent(
    id: string,
    at: number,
    step: JournalStep,
    state: JournalState,
    data?: Record<string, unknown>,
  ): void {
    this.db
      .prepare('INSERT INTO events (payment_id, at, step, state, data_json) VALUES (?, ?, ?, ?, ?)')
      .run(id, at, step, state, data === undefined ? null : JSON.stringify(data));
  }
}

function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new WmqrError(
      'JOURNAL_TOO_NEW',
      `The payment journal ${file} was written by a newer wmqr (schema ${version}); ` +
        'upgrade wmqr before using it',
      { details: { file, version } },
    );
  }
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

function toEntry(row: Row): JournalEntry {
  const entry: JournalEntry = {
    id: String(row.id),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    paySystem: row.pay_system as PaySystem,
    paymentNumber: Number(row.payment_number),
    amountKopecks: Number(row.amount_kopecks),
    items: JSON.parse(String(row.items_json)) as ReceiptItem[],
    description: String(row.description),
    deadline: Number(row.deadline),
    state: row.state as JournalState,
  };
  const out = entry as unknown as Record<string, unknown>;
  for (const [key, column] of Object.entries(COLUMNS)) {
    if (key === 'state' || row[column] === null || row[column] === undefined) continue;
    out[key] = row[column];
  }
  return entry;
}

function toEvent(row: Row): JournalEvent {
  return {
    seq: Number(row.seq),
    paymentId: String(row.payment_id),
    at: Number(row.at),
    step: row.step as JournalStep,
    state: row.state as JournalState,
    data:
      row.data_json === null
        ? undefined
        : (JSON.parse(String(row.data_json)) as Record<string, unknown>),
  };
}
