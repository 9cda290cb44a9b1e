import { useState } from 'react';
import { useServiceHub } from '@servicehub/client/react';

import { BookingList, TicketList } from './lists';

const SERVICES = ['plumbing', 'electrical', 'cleaning', 'ac_repair', 'painting'];

function tomorrowAtTen(): string {
  const d = new Date(Date.now() + 86_400_000);
  d.setHours(10, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function CustomerHome() {
  const { api } = useServiceHub();
  const [serviceType, setServiceType] = useState(SERVICES[0]);
  const [address, setAddress] = useState('King Fahd Rd 1, Riyadh');
  const [when, setWhen] = useState(tomorrowAtTen);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string>();
  const [subject, setSubject] = useState('');
  const [firstMessage, setFirstMessage] = useState('');

  const book = async () => {
    setError(undefined);
    try {
      const booking = await api.bookings.create({ serviceType, address, scheduledAt: new Date(when).toISOString(), notes: notes || undefined });
      location.hash = `#/booking/${booking.id}`;
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const openTicket = async () => {
    setError(undefined);
    try {
      const ticket = await api.support.createTicket({ subject, message: firstMessage });
      location.hash = `#/ticket/${ticket.id}`;
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="grid">
      <section className="card">
        <h2>Book a service</h2>
        <form onSubmit={(e) => { e.preventDefault(); void book(); }}>
          <label>Service
            <select value={serviceType} onChange={(e) => setServiceType(e.target.value)} data-testid="service-type">
              {SERVICES.map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
            </select>
          </label>
          <label>Address <input value={address} onChange={(e) => setAddress(e.target.value)} data-testid="address" /></label>
          <label>When <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} /></label>
          <label>Notes <input value={notes} onChange={(e) => setNotes(e.target.value)} /></label>
          <button type="submit" data-testid="book">Book</button>
        </form>
        {error && <p className="error" role="alert">{error}</p>}
      </section>
      <section className="card">
        <h2>My bookings</h2>
        <BookingList />
      </section>
      <section className="card">
        <h2>Support</h2>
        <form onSubmit={(e) => { e.preventDefault(); void openTicket(); }}>
          <label>Subject <input value={subject} onChange={(e) => setSubject(e.target.value)} data-testid="ticket-subject" /></label>
          <label>Message <input value={firstMessage} onChange={(e) => setFirstMessage(e.target.value)} data-testid="ticket-message" /></label>
          <button type="submit" data-testid="open-ticket" disabled={!subject || !firstMessage}>Open a ticket</button>
        </form>
        <TicketList />
      </section>
    </div>
  );
}
