import type { CardRead } from './card-sources.js';

export class PcscUnavailableError extends Error {}

export const PCSC_INSTALL_HELP = `PC/SC readers need the optional package nfc-pcsc, which is not installed.
Install it in the project folder, then start the agent again:

  Linux:   sudo apt-get install -y libpcsclite-dev pcscd build-essential && npm install nfc-pcsc
  Windows: npm install nfc-pcsc   (needs the "Desktop development with C++" build tools)
  macOS:   xcode-select --install && npm install nfc-pcsc

Keyboard-emulating USB readers need nothing extra: use --source stdin.`;

/** The part of nfc-pcsc the agent uses (the package ships no types we can rely on). */
interface PcscCard {
  uid?: string;
}
interface PcscReader {
  name: string;
  on(event: 'card', listener: (card: PcscCard) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'end', listener: () => void): void;
}
interface PcscContext {
  on(event: 'reader', listener: (reader: PcscReader) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
type PcscModule = { NFC?: new () => PcscContext; default?: { NFC?: new () => PcscContext } };

export type PcscContextClass = new () => PcscContext;

/** Loads nfc-pcsc if installed; a PcscUnavailableError carries the install instructions. */
export async function loadNfcPcsc(): Promise<PcscContextClass> {
  // A variable specifier keeps bundlers and the type checker from requiring the optional package.
  const specifier = 'nfc-pcsc';
  let loaded: PcscModule;
  try {
    loaded = (await import(specifier)) as PcscModule;
  } catch {
    throw new PcscUnavailableError(PCSC_INSTALL_HELP);
  }
  const NFC = loaded.NFC ?? loaded.default?.NFC;
  if (!NFC) throw new PcscUnavailableError(`nfc-pcsc loaded but has no NFC export.\n${PCSC_INSTALL_HELP}`);
  return NFC;
}

export interface PcscSourceOptions {
  onRead(read: CardRead): void;
  onReader(message: string): void;
}

/** Listens to every PC/SC reader attached (now or later) until the process stops. */
export async function watchPcscReaders(NFC: PcscContextClass, options: PcscSourceOptions): Promise<void> {
  const nfc = new NFC();
  nfc.on('reader', (reader) => {
    options.onReader(`card reader attached: ${reader.name}`);
    reader.on('card', (card) => {
      // FeliCa (Suica, ICOCA…) reports its IDm here, ISO 14443 cards their UID.
      const uid = card.uid?.replace(/[^0-9a-f]/gi, '').toUpperCase();
      if (uid && uid.length >= 8 && uid.length <= 32) options.onRead({ cardUid: uid });
      else options.onReader(`${reader.name}: the card gave no usable UID`);
    });
    reader.on('error', (error) => options.onReader(`${reader.name}: ${error.message}`));
    reader.on('end', () => options.onReader(`card reader detached: ${reader.name}`));
  });
  nfc.on('error', (error) => options.onReader(`PC/SC: ${error.message}`));
  await new Promise<never>(() => undefined);
}
