import { useCallback, useEffect, useState } from 'react';
import type { Booking, Ticket } from '@servicehub/client';
import { useServiceHub } from '@servicehub/client/react';

/** The caller's bookings (own, assigned, or all for an admin), kept live by the user's own room. */
export function BookingList({ actions }: { actions?: (booking: Booking, reload: () => void) => React.ReactNode }) {
  const { api, client, connected } = useServiceHub();
  const [items, setItems] = useState<Booking[]>([]);
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    api.bookings.list(0, 50).then((page) => { setItems(page.items); setError(undefined); }, (e) => setError(e.message));
  }, [api]);
  useEffect(reload, [reload, connected]);
  useEffect(() => {
    const me = client.userId ?? api.session?.user.id;
    if (!me) return undefined;
    // status_update goes to user:<customerId>; technicians and admins refresh on a timer instead.
    const room = client.subscribe(`user:${me}`);
    const off = room.on('event', (frame) => {
      if (frame.type === 'status_update') {
        setItems((list) => list.map((b) => (b.id === frame.bookingId ? { ...b, status: frame.status } : b)));
      }
    });
    const offGap = room.on('gap', reload);
    const timer = api.session?.user.role === 'customer' ? undefined : setInterval(reload, 4000);
    return () => { off(); offGap(); clearInterval(timer); room.leave(); };
  }, [api, client, reload]);

  if (error) return <p className="error">{error}</p>;
  if (items.length === 0) return <p className="muted">No bookings yet.</p>;
  return (
    <table className="list" data-testid="bookings">
      <thead><tr><th>Service</th><th>When</th><th>Status</th><th /></tr></thead>
      <tbody>
        {items.map((b) => (
          <tr key={b.id} data-booking={b.id}>
            <td><a href={`#/booking/${b.id}`}>{b.serviceType.replace('_', ' ')}</a><small>{b.address}</small></td>
            <td>{new Date(b.scheduledAt).toLocaleString()}</td>
            <td><span className={`status status-${b.status}`} data-testid="list-status">{b.status.replace('_', ' ')}</span></td>
            <td>{actions?.(b, reload)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TicketList() {
  const { api } = useServiceHub();
  const [tickets, setTickets] = useState<Ticket[]>([]);
  useEffect(() => {
    const load = () => api.support.listTickets().then(setTickets, () => undefined);
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [api]);
  if (tickets.length === 0) return <p className="muted">No tickets.</p>;
  return (
    <ul className="tickets" data-testid="tickets">
      {tickets.map((t) => (
        <li key={t.id}><a href={`#/ticket/${t.id}`}>{t.subject}</a> <span className="muted">{t.status}</span></li>
      ))}
    </ul>
  );
}
