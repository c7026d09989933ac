import { pinProblems, type PinProblem } from '@contract/kiosk/pin-rules.js';
import { badRequest } from '../../http/errors.js';
import { hashPassword } from '../auth/password.js';

export { pinProblems, type PinProblem };

export const PIN_PROBLEM_TEXT: Record<PinProblem, string> = {
  repeated: 'not one digit repeated',
  sequence: 'not a straight run of digits such as 1234 or 9876',
  birth_date: 'not your birth date',
};

/** The argon2id hash of an acceptable PIN, or `weak_pin` with the problems. */
export async function newKioskPinHash(pin: string, birthDate: string | null): Promise<string> {
  const problems = pinProblems(pin, birthDate);
  if (problems.length > 0) {
    throw badRequest(
      'weak_pin',
      `Choose another PIN: ${problems.map((problem) => PIN_PROBLEM_TEXT[problem]).join('; ')}.`,
      problems.map((problem) => ({ path: 'body.kioskPin', problem })),
    );
  }
  return hashPassword(pin);
}
