/**
 * CSV downloads of the people lists and the check-in log (ADR 0022), through their export
 * procedures so that the session, the permission and the filters' validation are the tRPC ones:
 *
 *   GET /api/customers/export.csv     admin.customers.exportCsv   (users.read)
 *   GET /api/organizers/export.csv    admin.organizers.exportCsv  (users.read)
 *   GET /api/merchants/export.csv     admin.merchants.exportCsv   (users.read)
 *   GET /api/ushers/export.csv        admin.ushers.exportCsv      (users.read)
 *   GET /api/logs/checkin/export.csv  admin.logs.checkinCsv       (catalog.read)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerCsvExport } from '../catalog/csv-http.ts';

type Query = Record<string, unknown>;
type Export = (input: Query) => Promise<{ csv: string }>;

/** The export procedures these routes call (a caller of the app router satisfies it). */
export interface PeopleCsvCaller {
  admin: {
    customers: { exportCsv: Export };
    organizers: { exportCsv: Export };
    merchants: { exportCsv: Export };
    ushers: { exportCsv: Export };
    logs: { checkinCsv: Export };
  };
}

export function registerPeopleCsvRoutes(
  app: FastifyInstance,
  callerFor: (req: FastifyRequest, reply: FastifyReply) => Promise<PeopleCsvCaller>,
) {
  const q = (req: FastifyRequest) => (req.query ?? {}) as Query;
  const routes: [string, string, (c: PeopleCsvCaller) => Export][] = [
    ['/api/customers/export.csv', 'customers', (c) => c.admin.customers.exportCsv],
    ['/api/organizers/export.csv', 'organizers', (c) => c.admin.organizers.exportCsv],
    ['/api/merchants/export.csv', 'merchants', (c) => c.admin.merchants.exportCsv],
    ['/api/ushers/export.csv', 'ushers', (c) => c.admin.ushers.exportCsv],
    ['/api/logs/checkin/export.csv', 'checkin-log', (c) => c.admin.logs.checkinCsv],
  ];
  for (const [path, name, pick] of routes) {
    registerCsvExport(app, path, name, async (req, reply) => pick(await callerFor(req, reply))(q(req)));
  }
}
