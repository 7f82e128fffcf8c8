/**
 * The query of GET /v1/journal: `since` and `until` as a date (YYYY-MM-DD, the till's
 * local midnight), an ISO 8601 time, or milliseconds since the epoch; `format` json or csv.
 */
import { ServiceRequestError } from '../service-errors';

export interface JournalQuery {
  since?: number;
  until?: number;
  format: 'json' | 'csv';
}

export function parseJournalQuery(query: URLSearchParams): JournalQuery {
  for (const key of query.keys()) {
    if (!['since', 'until', 'format'].includes(key)) {
      throw new ServiceRequestError(
        'HTTP_BAD_QUERY',
        `${key} is not a known parameter here (known: since, until, format)`,
        { field: key },
      );
    }
  }
  const format = query.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') {
    throw new ServiceRequestError('HTTP_BAD_QUERY', `format "${format}" is not json or csv`, {
      field: 'format',
    });
  }
  const since = optionalTime(query, 'since');
  const until = optionalTime(query, 'until');
  if (since !== undefined && until !== undefined && until <= since) {
    throw new ServiceRequestError('HTTP_BAD_QUERY', 'until must be later than since', {
      field: 'until',
    });
  }
  return { since, until, format };
}

function optionalTime(query: URLSearchParams, key: 'since' | 'until'): number | undefined {
  const text = query.get(key);
  if (text === null) return undefined;
  const ms = parseTime(text.trim());
  if (ms === undefined) {
    throw new ServiceRequestError(
      'HTTP_BAD_QUERY',
      `${key} "${text}" is not a time: write YYYY-MM-DD, an ISO 8601 time such as ` +
        '2026-12-01T09:00:00Z, or milliseconds since 1970',
      { field: key },
    );
  }
  return ms;
}

function parseTime(text: string): number | undefined {
  if (/^\d{10,15}$/.test(text)) return Number(text);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const date = new Date(y, m - 1, d);
    // Refuses 2026-02-31, which Date would roll over to March.
    return date.getMonth() === m - 1 && date.getDate() === d ? date.getTime() : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
