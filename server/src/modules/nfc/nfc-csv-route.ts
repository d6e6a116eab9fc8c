/**
 * `GET /api/nfc-cards/export.csv` (seed 003 Plan 2 Phase 6; issue 7 "CSV export"): the admin
 * NFC card list as `text/csv`, through `admin.nfcCards.exportCsv` (cards.read), so the session,
 * the permission and the filter validation are the tRPC ones. The query string carries the
 * list's filters and sort (no page). Uses the back office's `registerCsvExport` (ADR 0022).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerCsvExport } from '../catalog/csv-http.ts';

/** The export procedure the route calls (a caller of the app router satisfies it). */
export interface NfcCsvCaller {
  admin: { nfcCards: { exportCsv(input: Record<string, unknown>): Promise<{ csv: string }> } };
}

export function registerNfcCsvRoute(
  app: FastifyInstance,
  callerFor: (req: FastifyRequest, reply: FastifyReply) => Promise<NfcCsvCaller>,
) {
  registerCsvExport(app, '/api/nfc-cards/export.csv', 'nfc-cards', async (req, reply) =>
    (await callerFor(req, reply)).admin.nfcCards.exportCsv((req.query ?? {}) as Record<string, unknown>),
  );
}
