import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReaderWithKey } from '../../api/readers';
import { copyText } from './clipboard';

/** The file name suggested for the key on the reader PC; any path works. */
export const KEY_FILE = 'reader.key';

export function agentCommand(origin: string): string {
  return `npm run reader -- --server ${origin} --key-file ${KEY_FILE}`;
}

interface DeviceKeyNoticeProps {
  issued: ReaderWithKey;
  onDismiss: () => void;
  onUseInSimulator: (issued: ReaderWithKey) => void;
}

/** The one moment a device key is visible: copy it to the reader PC now, it cannot be shown again. */
export function DeviceKeyNotice({ issued, onDismiss, onUseInSimulator }: DeviceKeyNoticeProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'key' | 'command' | 'failed' | null>(null);
  const command = agentCommand(window.location.origin);

  const copy = async (text: string, what: 'key' | 'command') => {
    setCopied((await copyText(text)) ? what : 'failed');
  };

  return (
    <section
      className="card device-key-notice"
      role="region"
      aria-labelledby="device-key-title"
      data-testid="device-key-notice"
    >
      <h3 id="device-key-title">{t('console.readers.keyTitle', { name: issued.reader.name })}</h3>
      <p className="warning-text">{t('console.readers.keyOnce')}</p>
      <div className="copy-row">
        <code className="secret" data-testid="device-key">
          {issued.deviceKey}
        </code>
        <button
          type="button"
          data-testid="device-key-copy"
          onClick={() => void copy(issued.deviceKey, 'key')}
        >
          {t('console.readers.copyKey')}
        </button>
      </div>
      <p>{t('console.readers.keySave', { file: KEY_FILE })}</p>
      <div className="copy-row">
        <code data-testid="reader-command">{command}</code>
        <button type="button" data-testid="reader-command-copy" onClick={() => void copy(command, 'command')}>
          {t('console.readers.copyCommand')}
        </button>
      </div>
      <p className="muted small" role="status">
        {copied === 'key' && t('console.readers.copiedKey')}
        {copied === 'command' && t('console.readers.copiedCommand')}
        {copied === 'failed' && t('console.readers.copyFailed')}
      </p>
      <div className="console-actions">
        <button type="button" data-testid="device-key-use-simulator" onClick={() => onUseInSimulator(issued)}>
          {t('console.readers.useInSimulator')}
        </button>
        <button type="button" className="primary" data-testid="device-key-dismiss" onClick={onDismiss}>
          {t('console.readers.keyDone')}
        </button>
      </div>
    </section>
  );
}
