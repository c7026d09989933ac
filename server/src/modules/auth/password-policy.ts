import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as ja from '@zxcvbn-ts/language-ja';

/**
 * Password rules as OWASP ASVS 4.0 level 2 asks (V2.1): at least 12 characters, long passphrases
 * allowed, any character allowed, no composition rules, and no password that a guessing tool
 * finds early. "Early" is judged by zxcvbn-ts with the common, English and Japanese dictionaries
 * (common passwords, words, names, keyboard patterns, repeats, sequences, dates, l33t spellings).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn score 3: about 10^8 guesses or more, out of reach of online guessing and slow hashes. */
const MIN_SCORE = 3;

export type PasswordProblem =
  'too_short' | 'too_long' | 'too_common' | 'contains_username' | 'too_repetitive';

/** Words of this system and region that anyone guessing a password here would try first. */
const LOCAL_WORDS = ['hinan', 'hinanjo', 'bousai', 'saigai', 'nihon', 'tokyo', 'ishikawa', 'nanao'];

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries takes a moment that most processes never need. */
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...ja.dictionary, local: LOCAL_WORDS },
    graphs: common.adjacencyGraphs,
    // Fuzzy matching against every dictionary word costs hundreds of milliseconds per check.
    useLevenshteinDistance: false,
  });
  return estimator;
}

/** zxcvbn's warning, by the name of the problem the user is shown. */
function problemOf(result: ZxcvbnResult): PasswordProblem {
  switch (result.feedback.warning) {
    case 'simpleRepeat':
    case 'extendedRepeat':
    case 'sequences':
    case 'straightRow':
    case 'keyPattern':
      return 'too_repetitive';
    case 'userInputs':
      return 'contains_username';
    default:
      return 'too_common';
  }
}

/**
 * What is wrong with a new password; empty when it may be used. Judged on the NFKC form, so
 * full-width `ｐａｓｓｗｏｒｄ１２３４` is the `password1234` it looks like.
 */
export function passwordProblems(password: string, context: { username?: string } = {}): PasswordProblem[] {
  const problems = new Set<PasswordProblem>();
  const normalised = password.normalize('NFKC');
  const characters = [...normalised];
  if (characters.length < PASSWORD_MIN_LENGTH) problems.add('too_short');
  if (characters.length > PASSWORD_MAX_LENGTH) problems.add('too_long');
  const username = context.username?.normalize('NFKC').toLowerCase();
  if (username && username.length >= 3 && normalised.toLowerCase().includes(username)) {
    problems.add('contains_username');
  }
  if (characters.length >= PASSWORD_MIN_LENGTH) {
    // The estimate grows with the length; past the limit the rest adds nothing but time.
    const judged = characters.slice(0, PASSWORD_MAX_LENGTH + 1).join('');
    const result = strengthEstimator().check(judged, username ? [username] : []);
    if (result.score < MIN_SCORE) problems.add(problemOf(result));
  }
  return [...problems];
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `use at least ${PASSWORD_MIN_LENGTH} characters (a few words make a good one)`,
  too_long: `use at most ${PASSWORD_MAX_LENGTH} characters`,
  too_common: 'this password is among the first ones anyone guessing tries',
  contains_username: 'do not put your username in your password',
  too_repetitive: 'avoid repeating one or two characters or a plain run such as abcdef',
};
