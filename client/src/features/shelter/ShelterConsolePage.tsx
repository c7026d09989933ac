import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/auth';
import { readPreference, writePreference } from '../../shared/preferences';
import type { Shelter } from '../../shared/shelters/shelterStore';
import { useShelters } from '../../shared/shelters/useShelters';
import { ConsoleWorkspace } from './ConsoleWorkspace';
import { NoticeProvider } from './notices';
import { ShelterPicker } from './ShelterPicker';
import '../../styles/pages.css';
import '../../styles/console.css';

const SHELTER_KEY = 'hinan.console.shelter';

function initialShelter(user: Me): string | null {
  const stored = readPreference(SHELTER_KEY);
  if (stored && (user.shelterIds.length === 0 || user.shelterIds.includes(stored))) return stored;
  return user.shelterIds[0] ?? null;
}

export function ShelterConsolePage({ user }: { user: Me }) {
  const { t } = useTranslation();
  const [shelters] = useShelters();
  const [shelterId, setShelterId] = useState<string | null>(() => initialShelter(user));
  const store = shelters.status === 'ready' ? shelters.store : null;
  const all = useMemo<Shelter[]>(() => (store ? Array.from(store.all()) : []), [store]);
  const nameOf = (id: string) =>
    store?.get(id)?.name ?? (shelters.status === 'loading' ? t('app.loading') : id);
  const isStaff = user.role === 'shelter_staff';

  const select = (id: string) => {
    writePreference(SHELTER_KEY, id);
    setShelterId(id);
  };

  return (
    <NoticeProvider>
      <div className="page console-page" data-testid="shelter-console" data-shelter-id={shelterId ?? ''}>
        <div className="console-top">
          <ShelterPicker
            assigned={isStaff ? user.shelterIds : []}
            all={all}
            nameOf={nameOf}
            selectedId={shelterId}
            onSelect={select}
          />
        </div>
        {shelterId === null ? (
          <section className="card" data-testid="console-no-shelter">
            <p className="muted">
              {isStaff ? t('console.picker.noneAssigned') : t('console.picker.chooseHint')}
            </p>
          </section>
        ) : (
          <ConsoleWorkspace key={shelterId} shelterId={shelterId} user={user} shelters={all} />
        )}
      </div>
    </NoticeProvider>
  );
}
