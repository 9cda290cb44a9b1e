import { BookingList } from './lists';

export function TechnicianHome() {
  return (
    <section className="card">
      <h2>My assigned bookings</h2>
      <p className="muted">Open a booking to move it to its next status and share your location.</p>
      <BookingList actions={(b) => <a className="button" href={`#/booking/${b.id}`}>Open</a>} />
    </section>
  );
}
