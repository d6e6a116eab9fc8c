/**
 * CSV downloads of the back-office lists (ADR 0022), served as `text/csv` because
 * trpc-to-openapi only answers JSON:
 *
 *   GET /api/events/export.csv    admin.catalog.events.exportCsv   (catalog.read)
 *   GET /api/tickets/export.csv   admin.catalog.tickets.exportCsv  (catalog.read)
 *   GET /api/venues/export.csv    admin.catalog.venues.exportCsv   (catalog.read)
 *
 * The query string carries the list's filters and sort (no page). Each route builds the
 * request's context (session cookie or `Authorization: Bearer`) and calls the export procedure
 * through a caller, so the role chain, the permission and the input validation are exactly the
 * tRPC ones; errors come back in the seeds' JSON format with their status (400, 401, 403).
 * Other back-office lists register theirs with `registerCsvExport`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { restError } from '../../http/rest-errors.ts';

type Query = Record<string, unknown>;
type Export = (input: Query) => Promise<{ csv: string }>;

/**
 * Registers `GET path` answering `produce(req, reply)`'s CSV as an attachment named
 * `<filenamePrefix>-YYYY-MM-DD.csv` (UTC day). A thrown error (tRPC or AppError) is answered
 * with its HTTP status and the seeds' error body.
 */
export function registerCsvExport(
  app: FastifyInstance,
  path: string,
  filenamePrefix: string,
  produce: (req: FastifyRequest, reply: FastifyReply) => Promise<{ csv: string }>,
) {
  app.get(path, async (req, reply) => {
    try {
      const { csv } = await produce(req, reply);
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header(
          'content-disposition',
          `attachment; filename="${filenamePrefix}-${new Date().toISOString().slice(0, 10)}.csv"`,
        )
        .send(csv);
    } catch (err) {
      const { status, body } = restError(err);
      if (status === 401) reply.header('www-authenticate', 'Bearer');
      return reply.code(status).type('application/json').send(body);
    }
  });
}

/** The export procedures these routes call (a caller of the app router satisfies it). */
export interface CatalogCsvCaller {
  admin: {
    catalog: {
      events: { exportCsv: Export };
      tickets: { exportCsv: Export };
      venues: { exportCsv: Export };
    };
  };
}

/** Registers the catalog CSV routes (events, tickets, venues). */
export function registerCatalogCsvRoutes(
  app: FastifyInstance,
  callerFor: (req: FastifyRequest, reply: FastifyReply) => Promise<CatalogCsvCaller>,
) {
  const query = (req: FastifyRequest) => (req.query ?? {}) as Query;
  registerCsvExport(app, '/api/events/export.csv', 'events', async (req, reply) =>
    (await callerFor(req, reply)).admin.catalog.events.exportCsv(query(req)),
  );
  registerCsvExport(app, '/api/tickets/export.csv', 'tickets', async (req, reply) =>
    (await callerFor(req, reply)).admin.catalog.tickets.exportCsv(query(req)),
  );
  registerCsvExport(app, '/api/venues/export.csv', 'venues', async (req, reply) =>
    (await callerFor(req, reply)).admin.catalog.venues.exportCsv(query(req)),
  );
}
