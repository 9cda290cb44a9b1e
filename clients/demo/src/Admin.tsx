import { useEffect, useRef, useState } from 'react';
import { ServiceHubApi } from '@servicehub/client';
import { useServiceHub } from '@servicehub/client/react';

import { BookingList, TicketList } from './lists';

/**
 * The contract has no way to list users, so the demo finds the seeded demo technician's id by its demo
 * login; any other technician's id can be typed in.
 */
let demoTechnician: Promise<string | undefined> | undefined;
function demoTechnicianId(): Promise<string | undefined> {
  demoTechnician ??= new ServiceHubApi().login('+966500000002', 'password123')
    .then((s) => s.user.id, () => undefined);
  return demoTechnician;
}

export function AssignTechnician({ bookingId, current, onDone }: { bookingId: string; current: string | null; onDone?: () => void }) {
  const { api } = useServiceHub();
  const [technicianId, setTechnicianId] = useState(current ?? '');
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!current) void demoTechnicianId().then((id) => id && setTechnicianId((v) => v || id));
  }, [current]);
  return (
    <form className="inline" onSubmit={(e) => {
      e.preventDefault();
      api.bookings.assignTechnician(bookingId, technicianId).then(() => { setError(undefined); onDone?.(); }, (x) => setError(x.message));
    }}>
      <input value={technicianId} onChange={(e) => setTechnicianId(e.target.value)} placeholder="technician id" size={12} />
      <button type="submit" data-testid="assign" disabled={!technicianId}>{current ? 'Reassign' : 'Assign'}</button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}

export function AdminHome() {
  return (
    <div className="grid">
      <section className="card wide">
        <h2>All bookings</h2>
        <BookingList actions={(b, reload) => (['pending', 'confirmed'].includes(b.status)
          ? <AssignTechnician bookingId={b.id} current={b.technicianId} onDone={reload} />
          : <a className="button" href={`#/booking/${b.id}`}>Open</a>)} />
      </section>
      <section className="card">
        <h2>Support tickets</h2>
        <TicketList />
      </section>
      <section className="card">
        <h2>This node, live</h2>
        <NodeFigures />
      </section>
    </div>
  );
}

interface Figures { connections: number; rooms: number; subscriptions: number; sentPerSecond: number; receivedPerSecond: number }

function sum(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{')) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
    }
  }
  return total;
}

/** Reads the node's own Prometheus endpoint every 2 s: connections, rooms, frames per second. */
function NodeFigures() {
  const [figures, setFigures] = useState<Figures>();
  const last = useRef<{ at: number; sent: number; received: number } | undefined>(undefined);
  useEffect(() => {
    const read = async () => {
      try {
        const text = await (await fetch('/actuator/prometheus')).text();
        const now = Date.now();
        const sent = sum(text, 'servicehub_ws_frames_sent_total');
        const received = sum(text, 'servicehub_ws_frames_received_total');
        const previous = last.current;
        const seconds = previous ? (now - previous.at) / 1000 : 1;
        setFigures({
          connections: sum(text, 'servicehub_ws_connections'),
          rooms: sum(text, 'servicehub_ws_rooms'),
          subscriptions: sum(text, 'servicehub_ws_subscriptions'),
          sentPerSecond: previous ? (sent - previous.sent) / seconds : 0,
          receivedPerSecond: previous ? (received - previous.received) / seconds : 0,
        });
        last.current = { at: now, sent, received };
      } catch {
        // the panel keeps its last figures
      }
    };
    void read();
    const timer = setInterval(read, 2000);
    return () => clearInterval(timer);
  }, []);
  if (!figures) return <p className="muted">Reading /actuator/prometheus…</p>;
  return (
    <dl className="figures" data-testid="figures">
      <div><dt>Connections</dt><dd data-testid="figure-connections">{figures.connections}</dd></div>
      <div><dt>Rooms</dt><dd>{figures.rooms}</dd></div>
      <div><dt>Subscriptions</dt><dd>{figures.subscriptions}</dd></div>
      <div><dt>Frames sent/s</dt><dd>{figures.sentPerSecond.toFixed(1)}</dd></div>
      <div><dt>Frames received/s</dt><dd>{figures.receivedPerSecond.toFixed(1)}</dd></div>
    </dl>
  );
}
