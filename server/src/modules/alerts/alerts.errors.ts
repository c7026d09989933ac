import type { CapProblem } from '@geo/src/cap/cap.schema.js';
import { AppError, type ErrorId } from '../../http/errors.js';

/**
 * CAP errors name the element: `details.path` is the first offending element
 * (`info[0].area[1].polygon[0]`), `details.problems` lists them all.
 */
export function capError(id: ErrorId, problems: CapProblem[], status = 400): AppError {
  const first = problems[0] ?? { path: 'alert', message: 'invalid' };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new AppError(status, id, `${first.path}: ${first.message}${more}`, { path: first.path, problems });
}
