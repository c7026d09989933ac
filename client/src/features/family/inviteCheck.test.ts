import { describe, expect, it } from 'vitest';
import { checkInvite } from './inviteCheck';

describe('checkInvite', () => {
  it('trims the names and passes the birth date on', () => {
    expect(checkInvite({ familyName: ' 能登 ', givenName: '太郎 ', birthDate: '1960-04-01' })).toEqual({
      ok: true,
      body: { familyName: '能登', givenName: '太郎', birthDate: '1960-04-01' },
    });
  });

  it('asks for both names and a birth date', () => {
    expect(checkInvite({ familyName: '能登', givenName: ' ', birthDate: '1960-04-01' })).toEqual({
      ok: false,
      error: 'name_required',
    });
    expect(checkInvite({ familyName: '能登', givenName: '太郎', birthDate: '' })).toEqual({
      ok: false,
      error: 'birth_date_required',
    });
  });
});
