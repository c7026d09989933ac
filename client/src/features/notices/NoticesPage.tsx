import { useState } from 'react';
import { ComposeNotice } from './ComposeNotice';
import { SentNotices } from './SentNotices';
import '../../styles/notices.css';

/** Staff and HQ: notices to residents chosen by attributes, and how far sent ones got. */
export function NoticesPage() {
  const [version, setVersion] = useState(0);
  return (
    <div className="notices-page">
      <ComposeNotice onSent={() => setVersion((v) => v + 1)} />
      <SentNotices version={version} />
    </div>
  );
}
