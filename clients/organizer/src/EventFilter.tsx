/** The "Event" filter of the organizer's lists (payouts, refund requests): any event, or one of theirs. */
import { SelectField } from '@admit/ui/console-controls.tsx';
import { useOrganizerEvents } from './events.ts';

/** `value` is the chosen event id, '' for all events; `onChange` gets the new one ('' for all). */
export function EventFilter({ value, onChange }: { value: string; onChange: (eventId: string) => void }) {
  const { events } = useOrganizerEvents();
  return (
    <SelectField label="Event" name="event" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All events</option>
      {events.map((e) => (
        <option key={e.id} value={e.id}>
          {e.title}
        </option>
      ))}
    </SelectField>
  );
}
