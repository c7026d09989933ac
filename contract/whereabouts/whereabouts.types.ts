export const PLACES = [
  'shelter',
  'home',
  'vehicle',
  'relatives',
  'hospital',
  'evacuated_outside',
  'unknown',
] as const;
export type Place = (typeof PLACES)[number];
export const SAFETY = ['safe', 'injured', 'needs_support', 'missing'] as const;
export type Safety = (typeof SAFETY)[number];
export const STAY_TYPES = ['day', 'overnight'] as const;
export type StayType = (typeof STAY_TYPES)[number];
export const REPORT_SOURCES = ['card_tap', 'staff', 'self_report', 'family', 'import'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

export interface WhereaboutsReport {
  residentId: string;
  place: Place;
  shelterId?: string | null;
  /** Required when place is `shelter`; kept from the current state when omitted. */
  stayType?: StayType | null;
  /** Kept from the current state when omitted. */
  safety?: Safety | null;
  note?: string | null;
  /** JIS code of the municipality a person evacuated to (place `evacuated_outside` only). */
  municipalityCode?: string | null;
  source: ReportSource;
  reportedBy?: string | null;
  tapEventId?: string | null;
  occurredAt: Date;
}

export interface CurrentWhereabouts {
  place: Place;
  shelterId: string | null;
  stayType: StayType | null;
  safety: Safety | null;
  source: ReportSource;
  occurredAt: Date;
}

export interface ShelterOccupancy {
  shelterId: string;
  occupancy: number;
  occupancyDay: number;
  occupancyOvernight: number;
  capacity: number | null;
  status: 'open' | 'closed' | 'full';
}
