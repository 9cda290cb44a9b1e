// The demo accounts (CONTRACT: password password123) and a booking taken through its life cycle.
import { ServiceHubApi } from '../../dist/index.js';

export const PHONES = { customer: '+966500000001', technician: '+966500000002', admin: '+966500000003', customer2: '+966500000004' };

export async function login(baseUrl, who) {
  const api = new ServiceHubApi({ baseUrl });
  await api.login(PHONES[who], 'password123');
  return api;
}

export async function actors(baseUrl) {
  const [customer, technician, admin] = await Promise.all(
    ['customer', 'technician', 'admin'].map((who) => login(baseUrl, who)));
  return { customer, technician, admin };
}

/** A new booking of the demo customer, assigned to the demo technician (status `assigned`). */
export async function assignedBooking({ customer, technician, admin }) {
  const booking = await customer.bookings.create({
    serviceType: 'plumbing', address: '1 King Fahd Rd, Riyadh', scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await admin.bookings.assignTechnician(booking.id, technician.session.user.id);
  return booking;
}
