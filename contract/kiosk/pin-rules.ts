/** Shared by the server (which decides) and the pages that set a PIN (which warn first). */

/**
 * PINs a stranger would try first: one digit repeated, a straight run up or down, and the
 * person's birth date in its usual short forms. 4 to 8 digits are checked by the schema.
 */
export type PinProblem = 'repeated' | 'sequence' | 'birth_date';

function isRun(pin: string, step: 1 | -1): boolean {
  for (let i = 1; i < pin.length; i += 1) {
    if ((Number(pin[i - 1]) + step + 10) % 10 !== Number(pin[i])) return false;
  }
  return true;
}

/** `birthDate` as YYYY-MM-DD, or null when the registry has none. */
export function pinProblems(pin: string, birthDate: string | null): PinProblem[] {
  const problems: PinProblem[] = [];
  if (/^(\d)\1+$/.test(pin)) problems.push('repeated');
  if (isRun(pin, 1) || isRun(pin, -1)) problems.push('sequence');
  if (birthDate) {
    const [yyyy = '', mm = '', dd = ''] = birthDate.split('-');
    const yy = yyyy.slice(2);
    const forms = [
      mm + dd,
      dd + mm,
      yyyy,
      yy + mm + dd,
      dd + mm + yy,
      mm + dd + yy,
      yyyy + mm + dd,
      dd + mm + yyyy,
    ];
    if (forms.includes(pin)) problems.push('birth_date');
  }
  return problems;
}
