import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assignVisitTasks, fetchAssignees, type Assignee, type HqVisitTask } from '../../api/visits';
import { visitErrorKey } from './visitErrors';

const isOpen = (task: HqVisitTask) => task.status === 'open' || task.status === 'assigned';

/** A warning's visit tasks for HQ: who is going, what they found, what closed by itself. */
export function VisitTaskList({ tasks, onChanged }: { tasks: HqVisitTask[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const [assignees, setAssignees] = useState<Assignee[]>([]);
  const [assigneeId, setAssigneeId] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchAssignees(controller.signal).then(setAssignees, () => undefined);
    return () => controller.abort();
  }, []);

  const toggle = (taskId: string) =>
    setSelected((before) => {
      const next = new Set(before);
      if (next.has(taskId)) next.delete(taskId);
      else next.add(taskId);
      return next;
    });

  const assign = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await assignVisitTasks([...selected], assigneeId);
      setNotice(t('visits.tasks.assigned', { count: result.assigned }));
      setSelected(new Set());
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="visit-tasks" data-testid="visit-task-list" data-count={tasks.length}>
      <h3>
        {t('visits.tasks.title')} <span className="warning-count">{tasks.filter(isOpen).length}</span>
      </h3>
      {tasks.length === 0 && <p className="muted">{t('visits.tasks.none')}</p>}
      <ul className="unreached-list">
        {tasks.map((task) => (
          <li
            key={task.id}
            data-testid="visit-task-item"
            data-task-id={task.id}
            data-resident-id={task.residentId}
            data-status={task.status}
            data-closed-by={task.closedByEvent ?? ''}
          >
            <label>
              <input
                type="checkbox"
                data-testid="visit-task-check"
                disabled={!isOpen(task)}
                checked={selected.has(task.id)}
                onChange={() => toggle(task.id)}
              />
              <span>{task.name}</span>
            </label>
            <span className={`visit-status is-${task.status}`}>
              {t(`visits.tasks.status.${task.status}`)}
            </span>
            <span className="muted">
              {task.assignee?.displayName ?? t('visits.tasks.unassigned')}
              {task.closedByEvent && ` · ${t(`visits.tasks.closedBy.${task.closedByEvent}`)}`}
              {task.outcome && ` · ${t(`visits.tasks.outcome.${task.outcome}`)}`}
            </span>
            {task.outcomeNote && <p className="need-help-note">{task.outcomeNote}</p>}
          </li>
        ))}
      </ul>
      {tasks.some(isOpen) && (
        <div className="warning-row">
          <label className="unreached-field">
            {t('visits.tasks.assignTo')}
            <select
              data-testid="visit-assignee"
              value={assigneeId}
              onChange={(event) => setAssigneeId(event.target.value)}
            >
              <option value="">{t('visits.tasks.chooseAssignee')}</option>
              {assignees.map((assignee) => (
                <option key={assignee.id} value={assignee.id}>
                  {assignee.displayName} ({t(`role.${assignee.role}`)})
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="primary"
            data-testid="visit-assign"
            disabled={busy || selected.size === 0 || assigneeId === ''}
            onClick={() => void assign()}
          >
            {t('visits.tasks.assign')}
          </button>
        </div>
      )}
      {notice && (
        <p className="warning-notice" role="status">
          {notice}
        </p>
      )}
      {error !== null && (
        <p className="warning-error" role="alert">
          {t(visitErrorKey(error))}
        </p>
      )}
    </div>
  );
}
