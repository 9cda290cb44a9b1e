import { useEffect, useMemo, useState } from 'react';
import { ServiceHubApi, ServiceHubClient, type Session } from '@servicehub/client';
import { ServiceHubProvider, useServiceHub } from '@servicehub/client/react';

import { CustomerHome } from './Customer';
import { TechnicianHome } from './Technician';
import { AdminHome } from './Admin';
import { BookingPage } from './BookingPage';
import { TicketPage } from './TicketPage';

const SESSION_KEY = 'servicehub.demo.session';

export const DEMO_ACCOUNTS = [
  { role: 'customer', phone: '+966500000001', label: 'Customer' },
  { role: 'technician', phone: '+966500000002', label: 'Technician' },
  { role: 'admin', phone: '+966500000003', label: 'Admin' },
  { role: 'customer', phone: '+966500000004', label: 'Second customer' },
];

function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

function useHashRoute(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean);
}

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const api = useMemo(() => new ServiceHubApi({
    session: loadSession(),
    onSession: (s) => {
      if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
      else sessionStorage.removeItem(SESSION_KEY);
      setSession(s ?? undefined);
    },
  }), []);
  const userId = session?.user.id;
  const client = useMemo(() => (userId
    ? new ServiceHubClient({ url: api.wsUrl, getToken: api.getToken, heartbeatMs: 10_000, heartbeatTimeoutMs: 5_000 })
    : undefined), [api, userId]);
  useEffect(() => () => client?.close(), [client]);

  if (!session || !client) return <Login api={api} />;
  return (
    <ServiceHubProvider client={client} api={api}>
      <Shell session={session} onLogout={() => { client.close(); void api.logout(); location.hash = ''; }} />
    </ServiceHubProvider>
  );
}

function Login({ api }: { api: ServiceHubApi }) {
  const [phone, setPhone] = useState(DEMO_ACCOUNTS[0].phone);
  const [password, setPassword] = useState('password123');
  const [error, setError] = useState<string>();
  const submit = async (p = phone) => {
    setError(undefined);
    try {
      await api.login(p, password);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <main className="login">
      <h1>ServiceHub</h1>
      <p>Book a home service and watch it happen live.</p>
      <div className="demo-accounts">
        {DEMO_ACCOUNTS.map((a) => (
          <button key={a.phone} data-testid={`login-${a.phone}`} onClick={() => { setPhone(a.phone); void submit(a.phone); }}>
            {a.label}<small>{a.phone}</small>
          </button>
        ))}
      </div>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label>Phone <input value={phone} onChange={(e) => setPhone(e.target.value)} /></label>
        <label>Password <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        <button type="submit">Log in</button>
        {error && <p className="error" role="alert">{error}</p>}
      </form>
    </main>
  );
}

function Shell({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const route = useHashRoute();
  const role = session.user.role;
  let page;
  if (route[0] === 'booking' && route[1]) page = <BookingPage id={route[1]} role={role} />;
  else if (route[0] === 'ticket' && route[1]) page = <TicketPage id={route[1]} />;
  else if (role === 'technician') page = <TechnicianHome />;
  else if (role === 'admin') page = <AdminHome />;
  else page = <CustomerHome />;
  return (
    <div className="shell">
      <header>
        <a href="#/" className="brand">ServiceHub</a>
        <span className="who" data-testid="who">{session.user.name} · {role}</span>
        <ConnectionBadge />
        <button className="link" onClick={onLogout}>Log out</button>
      </header>
      <main>{page}</main>
    </div>
  );
}

export function ConnectionBadge() {
  const { connection } = useServiceHub();
  const { state, code } = connection;
  const label = state === 'connected' ? 'Connected'
    : state === 'stopped' ? 'Disconnected'
      : connection.reason === 'offline' || code === 4001 ? 'Offline, waiting for the network' : 'Reconnecting…';
  return <span className={`badge badge-${state}`} data-testid="connection" data-state={state}>{label}</span>;
}

export function ReloadNotice({ at }: { at: number | undefined }) {
  if (!at) return null;
  return (
    <p className="notice" data-testid="reload-notice" role="status">
      You may have missed updates while offline; this page was reloaded.
    </p>
  );
}
