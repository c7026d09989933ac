import type { ServerModule } from '../server-module.js';
import { visitRoutes } from './visits.routes.js';
import { VisitService } from './visits.service.js';
import { declareVisitWorker } from './visits.worker.js';

/**
 * Visits for the people a warning did not reach: HQ's unreached list and heat map, tasks opened by
 * hand or by the escalation's last step (job queue `visit-tasks.open`), assignment to staff or
 * community supporters, their visit list and route sheet. Tasks close by themselves on a card tap,
 * a report or an answer (see visit-closing.ts, called by check-ins, family reports and the inbox).
 */
export const visitsModule: ServerModule = {
  name: 'visits',
  register({ api, db, io, logger, jobs }) {
    const visits = new VisitService(db, io, logger);
    visitRoutes(api, visits);
    declareVisitWorker(jobs, visits, logger);
  },
};
