/** Type of number and numbering plan for source and destination addresses (SMPP 3.4 §5.2.5–6). */
export interface SmppAddress {
  ton: number;
  npi: number;
  addr: string;
}

const TON_INTERNATIONAL = 1;
const TON_ALPHANUMERIC = 5;
const NPI_ISDN = 1;
const NPI_UNKNOWN = 0;

/** A destination in E.164 (+819012345678) as SMSCs take it: international, ISDN, no plus sign. */
export function destinationOf(msisdn: string): SmppAddress | null {
  if (!/^\+[1-9][0-9]{6,14}$/.test(msisdn)) return null;
  return { ton: TON_INTERNATIONAL, npi: NPI_ISDN, addr: msisdn.slice(1) };
}

/**
 * The sender shown on handsets: a number (international, as registered with the provider) or an
 * alphanumeric name of at most 11 characters (what GSM allows).
 */
export function sourceOf(value: string): SmppAddress {
  const digits = /^\+?([0-9]{3,15})$/.exec(value);
  if (digits) return { ton: TON_INTERNATIONAL, npi: NPI_ISDN, addr: digits[1]! };
  return { ton: TON_ALPHANUMERIC, npi: NPI_UNKNOWN, addr: value.slice(0, 11) };
}

/** smpp://system_id:password@host:port (ssmpp:// for TLS) → connection and bind parameters. */
export function parseSmppUrl(value: string): {
  host: string;
  port: number;
  tls: boolean;
  systemId: string;
  password: string;
} {
  const url = new URL(value);
  const tls = url.protocol === 'ssmpp:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : tls ? 3550 : 2775,
    tls,
    systemId: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}
