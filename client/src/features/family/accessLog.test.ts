import { describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '../../api/family';
import { actionKey, appendPage, viaKey, viewerPhrase } from './accessLog';

const entry = (
  at: string,
  role: AccessLogEntry['viewer']['role'],
  name: string | null = null,
): AccessLogEntry => ({
  at,
  viewer: { role, name },
  action: 'view_whereabouts',
  via: 'GET /api/me/family',
  purpose: null,
  onBehalf: false,
});

describe('access log', () => {
  it('names family members and shows staff and HQ by role', () => {
    expect(viewerPhrase(entry('t', 'resident', '能登 太郎'))).toEqual({
      key: 'family.accessLog.viewerFamily',
      values: { name: '能登 太郎' },
    });
    expect(viewerPhrase(entry('t', 'hq_operator'))).toEqual({ key: 'family.accessLog.role.hq_operator' });
    // Creating or recovering one's account is the person's own act, not a family member's read.
    const enrolled = { ...entry('t', 'resident', '能登 太郎'), action: 'account_enrolled' };
    expect(viewerPhrase(enrolled)).toEqual({ key: 'family.accessLog.viewerSelf' });
  });

  it('names the staff member who acted for the person (代理)', () => {
    const acted = {
      ...entry('t', 'shelter_staff', '窓口 花子'),
      action: 'acting_application_submitted',
      onBehalf: true,
    };
    expect(viewerPhrase(acted)).toEqual({
      key: 'family.accessLog.viewerActingStaff',
      values: { name: '窓口 花子' },
    });
    // Without a name (an older entry) staff are shown by role, as for any read.
    expect(viewerPhrase({ ...acted, viewer: { role: 'shelter_staff', name: null } })).toEqual({
      key: 'family.accessLog.role.shelter_staff',
    });
    expect(actionKey('acting_application_submitted')).toBe(
      'family.accessLog.action.acting_application_submitted',
    );
  });

  it('explains known actions and leaves new ones as they are', () => {
    expect(actionKey('export_pfif')).toBe('family.accessLog.action.export_pfif');
    expect(actionKey('something_new')).toBeNull();
  });

  it('appends an older page without repeating rows already shown', () => {
    const held = [entry('2', 'resident', 'a'), entry('1', 'shelter_staff')];
    const page = [entry('1', 'shelter_staff'), entry('0', 'admin')];
    expect(appendPage(held, page).map((e) => e.at)).toEqual(['2', '1', '0']);
  });
});

describe('viaKey', () => {
  it('names the portal screens and leaves other routes as recorded', () => {
    expect(viaKey('GET /api/me/family')).toBe('family.accessLog.viaName.familyList');
    expect(viaKey('GET /api/exports/pfif.xml')).toBeNull();
  });
});
