/**
 * Password rules as OWASP ASVS 4.0 level 2 asks (V2.1): at least 12 characters, long passphrases
 * allowed, any character allowed, no composition rules, and no password that is known to be among
 * the first ones tried by anyone guessing.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem =
  'too_short' | 'too_long' | 'too_common' | 'contains_username' | 'too_repetitive';

/** Passwords (and their 12+ character stretches) tried first by every guessing tool, in lower case. */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  'qwertyuiopas',
  'qwertyuiop123',
  'qwerty123456',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'iloveyou1234',
  'administrator',
  'adminadmin123',
  'welcome12345',
  'letmein12345',
  'abcdefghijkl',
  'abc123456789',
  'asdfghjklasd',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'changeme1234',
  'sunshine1234',
  'football1234',
  'baseball1234',
  'princess1234',
  'monkey123456',
  'dragon123456',
  'superman1234',
  'trustno11234',
  'p@ssw0rd1234',
  'passw0rd1234',
  'hinan1234567',
  'bousai123456',
  'saigai123456',
  'nihon1234567',
  'tokyo1234567',
  'ishikawa1234',
]);

/** +1 or -1 for neighbours in the character table (digits wrap: 9 → 0), anything else otherwise. */
function stepBetween(previous: string, next: string): number {
  const delta = (next.codePointAt(0) ?? 0) - (previous.codePointAt(0) ?? 0);
  if (!/\d/.test(previous) || !/\d/.test(next)) return delta;
  const wrapped = ((delta % 10) + 10) % 10;
  return wrapped === 1 ? 1 : wrapped === 9 ? -1 : 0;
}

/** One or two characters repeated, or a plain run up or down ("abcdefghijkl", "987654321098"). */
function isRepetitive(password: string): boolean {
  const characters = [...password];
  if (new Set(characters).size <= 2) return true;
  const steps = characters.slice(1).map((character, i) => stepBetween(characters[i] ?? '', character));
  const first = steps[0];
  return (first === 1 || first === -1) && steps.every((step) => step === first);
}

/** What is wrong with a new password; empty when it may be used. */
export function passwordProblems(password: string, context: { username?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) problems.push('too_common');
  const username = context.username?.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) problems.push('contains_username');
  if (length >= PASSWORD_MIN_LENGTH && isRepetitive(password)) problems.push('too_repetitive');
  return problems;
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `use at least ${PASSWORD_MIN_LENGTH} characters (a few words make a good one)`,
  too_long: `use at most ${PASSWORD_MAX_LENGTH} characters`,
  too_common: 'this password is among the first ones anyone guessing tries',
  contains_username: 'do not put your username in your password',
  too_repetitive: 'avoid repeating one or two characters or a plain run such as abcdef',
};
