import { useEffect, useRef, useState } from 'react';
import type { BookingStatus } from '@servicehub/client';
import { useBooking, useServiceHub } from '@servicehub/client/react';

import { ReloadNotice } from './App';
import { LiveMap } from './LiveMap';
import { AssignTechnician } from './Admin';

const STEPS: BookingStatus[] = ['pending', 'assigned', 'en_route', 'arrived', 'in_progress', 'completed'];
export const NEXT: Partial<Record<BookingStatus, BookingStatus>> = {
  assigned: 'en_route', en_route: 'arrived', arrived: 'in_progress', in_progress: 'completed',
};
const label = (s: string) => s.replace('_', ' ');

export function BookingPage({ id, role }: { id: string; role: string }) {
  const { booking, status, timeline, location, loading, error, reloadedAt } = useBooking(id);
  if (loading) return <p>Loading…</p>;
  if (error || !booking || !status) return <p className="error">{error?.message ?? 'Not found'}</p>;
  const reached = STEPS.indexOf(status);
  return (
    <div className="grid">
      <section className="card">
        <h2>{label(booking.serviceType)} <span className={`status status-${status}`} data-testid="status">{label(status)}</span></h2>
        <ReloadNotice at={reloadedAt} />
        <p>{booking.address} · {new Date(booking.scheduledAt).toLocaleString()}</p>
        {booking.notes && <p className="muted">{booking.notes}</p>}
        <ol className="timeline" data-testid="timeline">
          {status === 'cancelled'
            ? <li className="done">cancelled</li>
            : STEPS.map((step, i) => {
              const live = [...timeline].reverse().find((t) => t.status === step);
              return (
                <li key={step} className={i < reached ? 'done' : i === reached ? 'current' : ''}>
                  {label(step)}{live && <time>{new Date(live.at).toLocaleTimeString()}</time>}
                </li>
              );
            })}
        </ol>
        {role === 'technician' && <TechnicianActions id={id} status={status} />}
        {role === 'admin' && <AdminActions id={id} status={status} technicianId={booking.technicianId} />}
        {role === 'customer' && ['pending', 'confirmed', 'assigned'].includes(status) && <CancelButton id={id} />}
      </section>
      <section className="card">
        <h2>Technician</h2>
        <p data-testid="location">
          {location ? `${location.latitude.toFixed(4)}, ${location.longitude.toFixed(4)}` : 'No position yet'}
        </p>
        <LiveMap position={location} />
      </section>
    </div>
  );
}

function StatusButton({ id, next }: { id: string; next: BookingStatus }) {
  const { api } = useServiceHub();
  const [error, setError] = useState<string>();
  return (
    <>
      <button data-testid="next-status" onClick={() => api.bookings.setStatus(id, next).then(() => setError(undefined), (e) => setError(e.message))}>
        Mark {label(next)}
      </button>
      {error && <p className="error">{error}</p>}
    </>
  );
}

function CancelButton({ id }: { id: string }) {
  const { api } = useServiceHub();
  return <button className="secondary" onClick={() => void api.bookings.setStatus(id, 'cancelled')}>Cancel booking</button>;
}

function TechnicianActions({ id, status }: { id: string; status: BookingStatus }) {
  const next = NEXT[status];
  return (
    <div className="actions">
      {next && <StatusButton id={id} next={next} />}
      {['en_route', 'arrived', 'in_progress'].includes(status) && <ShareLocation id={id} />}
    </div>
  );
}

function AdminActions({ id, status, technicianId }: { id: string; status: BookingStatus; technicianId: string | null }) {
  const next = status === 'pending' ? 'confirmed' : NEXT[status];
  return (
    <div className="actions">
      {['pending', 'confirmed', 'assigned'].includes(status) && <AssignTechnician bookingId={id} current={technicianId} />}
      {next && <StatusButton id={id} next={next as BookingStatus} />}
    </div>
  );
}

/** Shares the device position when the browser has one, else simulates a drive towards the customer. */
function ShareLocation({ id }: { id: string }) {
  const { api } = useServiceHub();
  const [sharing, setSharing] = useState(false);
  const position = useRef({ latitude: 24.6877, longitude: 46.6855 });
  useEffect(() => {
    if (!sharing) return undefined;
    const send = () => {
      const p = position.current;
      void api.bookings.reportLocation(id, p).catch(() => setSharing(false));
      position.current = { latitude: p.latitude + 0.0009, longitude: p.longitude - 0.0004 };
    };
    send();
    const timer = setInterval(send, 2000);
    return () => clearInterval(timer);
  }, [api, id, sharing]);
  return (
    <button data-testid="share-location" className={sharing ? 'secondary' : ''} onClick={() => setSharing((s) => !s)}>
      {sharing ? 'Stop sharing location' : 'Share my location (simulated drive)'}
    </button>
  );
}
