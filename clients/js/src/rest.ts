import type { components } from './openapi.js';
import type { BookingStatus, GeoPoint } from './frames.js';
import type { TokenRequest } from './client.js';

type Schemas = components['schemas'];

/** REST shapes of the OpenAPI document (src/openapi.ts is generated from /v3/api-docs by openapi-typescript). */
export type User = Required<Schemas['User']>;
export type Booking = Required<Omit<Schemas['Booking'], 'technicianId' | 'notes'>> & {
  technicianId: string | null;
  notes: string | null;
};
export type Ticket = Required<Omit<Schemas['Ticket'], 'bookingId'>> & { bookingId: string | null };
export type Message = Required<Schemas['Message']>;
export type TokenResponse = Required<Omit<Schemas['Session'], 'user'>> & { user: User };
export type BookingPage = Required<Omit<Schemas['BookingPage'], 'items'>> & { items: Booking[] };
export type NewBooking = Schemas['NewBooking'];
export type NewTicket = Schemas['NewTicket'];
export type NewUser = Schemas['NewUser'];
export interface LastLocation { bookingId: string; location: GeoPoint; timestamp: string }

/** An RFC 9457 problem details answer (CONTRACT §2), thrown by every ServiceHubApi call that fails. */
export class ProblemError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: { field: string; message: string }[];
  /** Seconds to wait, from Retry-After on a 429. */
  readonly retryAfter: number | undefined;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>, retryAfter?: number) {
    super(String(body.detail ?? body.title ?? `HTTP ${status}`));
    this.name = 'ProblemError';
    this.status = status;
    this.type = String(body.type ?? 'about:blank');
    this.title = String(body.title ?? '');
    this.detail = body.detail === undefined ? undefined : String(body.detail);
    this.errors = Array.isArray(body.errors) ? (body.errors as { field: string; message: string }[]) : [];
    this.retryAfter = retryAfter;
    this.body = body;
  }

  get isValidation(): boolean { return this.status === 400; }
  get isUnauthorized(): boolean { return this.status === 401; }
  get isForbidden(): boolean { return this.status === 403; }
  get isNotFound(): boolean { return this.status === 404; }
  get isConflict(): boolean { return this.status === 409; }
  get isThrottled(): boolean { return this.status === 429; }
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  user: User;
}

export interface ApiOptions {
  /** `http://localhost:5000` (default: the page's origin in a browser). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** A session kept from before (e.g. in sessionStorage). */
  session?: Session;
  /** Called whenever login or refresh gives new tokens, and with null on logout or a failed refresh. */
  onSession?: (session: Session | null) => void;
}

/**
 * The REST API of CONTRACT §2: login and refresh (refresh tokens rotate, so concurrent refreshes share
 * one call), bookings, support. Errors are thrown as ProblemError.
 */
export class ServiceHubApi {
  readonly baseUrl: string;
  private readonly fetcher: typeof fetch;
  private current: Session | undefined;
  private refreshing: Promise<Session> | undefined;
  private readonly onSession?: (session: Session | null) => void;

  constructor(options: ApiOptions = {}) {
    const origin = (globalThis as any).location?.origin as string | undefined;
    this.baseUrl = (options.baseUrl ?? origin ?? 'http://localhost:5000').replace(/\/$/, '');
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.current = options.session;
    this.onSession = options.onSession;
  }

  get session(): Session | undefined {
    return this.current;
  }

  /** The WebSocket URL of the same server (`ws://host/ws`). */
  get wsUrl(): string {
    return this.baseUrl.replace(/^http/, 'ws') + '/ws';
  }

  async login(phone: string, password: string): Promise<Session> {
    return this.keep(await this.call<TokenResponse>('POST', '/api/v2/auth/login', { phone, password }, false));
  }

  async register(phone: string, password: string, name: string): Promise<User> {
    return this.call('POST', '/api/v2/auth/register', { phone, password, name }, false);
  }

  /** Rotates the refresh token; concurrent callers share one request (a reused refresh token revokes the login). */
  refresh(): Promise<Session> {
    if (!this.refreshing) {
      const refreshToken = this.current?.refreshToken;
      this.refreshing = (async () => {
        if (!refreshToken) throw new ProblemError(401, { title: 'Unauthorized', detail: 'Not logged in' });
        try {
          return this.keep(await this.call<TokenResponse>('POST', '/api/v2/auth/refresh', { refreshToken }, false));
        } catch (error) {
          if (error instanceof ProblemError && error.status === 401) this.forget();
          throw error;
        }
      })().finally(() => { this.refreshing = undefined; });
    }
    return this.refreshing;
  }

  async logout(): Promise<void> {
    const refreshToken = this.current?.refreshToken;
    this.forget();
    if (refreshToken) await this.call('POST', '/api/v2/auth/logout', { refreshToken }, false);
  }

  /**
   * A valid access token, refreshed when it would expire within `minValidityMs` or the server said it
   * expired. Pass it as ServiceHubClient's getToken.
   */
  getToken = async (request: Partial<TokenRequest> = {}): Promise<string> => {
    const session = this.current;
    if (!session) throw new ProblemError(401, { title: 'Unauthorized', detail: 'Not logged in' });
    const minValidity = request.minValidityMs ?? 5000;
    if (request.reason === 'expired' || session.expiresAt - Date.now() < minValidity) {
      return (await this.refresh()).accessToken;
    }
    return session.accessToken;
  };

  me(): Promise<User> {
    return this.call('GET', '/api/v2/users/me');
  }

  createUser(user: NewUser): Promise<User> {
    return this.call('POST', '/api/v2/admin/users', user);
  }

  readonly bookings = {
    list: (page = 0, size = 20): Promise<BookingPage> => this.call('GET', `/api/v2/bookings?page=${page}&size=${size}`),
    get: (id: string): Promise<Booking> => this.call('GET', `/api/v2/bookings/${enc(id)}`),
    create: (booking: NewBooking): Promise<Booking> => this.call('POST', '/api/v2/bookings', booking),
    assignTechnician: (id: string, technicianId: string): Promise<Booking> =>
      this.call('PUT', `/api/v2/bookings/${enc(id)}/technician`, { technicianId }),
    setStatus: (id: string, status: BookingStatus): Promise<Booking> =>
      this.call('PATCH', `/api/v2/bookings/${enc(id)}/status`, { status }),
    reportLocation: (id: string, location: GeoPoint): Promise<void> =>
      this.call('POST', `/api/v2/bookings/${enc(id)}/location`, location),
    /** The last known position, or null when there is none yet. */
    location: async (id: string): Promise<LastLocation | null> => {
      try {
        return await this.call<LastLocation>('GET', `/api/v2/bookings/${enc(id)}/location`);
      } catch (error) {
        if (error instanceof ProblemError && error.status === 404) return null;
        throw error;
      }
    },
  };

  readonly support = {
    listTickets: (): Promise<Ticket[]> => this.call('GET', '/api/v2/support/tickets'),
    getTicket: (id: string): Promise<Ticket> => this.call('GET', `/api/v2/support/tickets/${enc(id)}`),
    createTicket: (ticket: NewTicket): Promise<Ticket> => this.call('POST', '/api/v2/support/tickets', ticket),
    /** Oldest first, at most `limit`, before the message id `before` when given. */
    messages: (id: string, page: { before?: string; limit?: number } = {}): Promise<Message[]> => {
      const query = new URLSearchParams();
      if (page.before) query.set('before', page.before);
      if (page.limit) query.set('limit', String(page.limit));
      const q = query.toString();
      return this.call('GET', `/api/v2/support/tickets/${enc(id)}/messages${q ? `?${q}` : ''}`);
    },
    postMessage: (id: string, message: string): Promise<Message> =>
      this.call('POST', `/api/v2/support/tickets/${enc(id)}/messages`, { message }),
  };

  /** Calls the API with the current access token, refreshing it once when the server says it expired. */
  async call<T>(method: string, path: string, body?: unknown, authenticated = true): Promise<T> {
    if (authenticated && this.current) await this.getToken({ minValidityMs: 2000 });
    const response = await this.send(method, path, body, authenticated);
    if (response.status === 401 && authenticated && this.current
        && /expired/i.test(response.headers.get('www-authenticate') ?? '')) {
      await this.refresh();
      return this.parse<T>(await this.send(method, path, body, authenticated));
    }
    return this.parse<T>(response);
  }

  private send(method: string, path: string, body: unknown, authenticated: boolean): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (authenticated && this.current) headers.Authorization = `Bearer ${this.current.accessToken}`;
    return this.fetcher(this.baseUrl + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private async parse<T>(response: Response): Promise<T> {
    const text = await response.text();
    const json = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const retry = response.headers.get('retry-after');
      const problem = json && typeof json === 'object'
        ? (json as Record<string, unknown>)
        : { title: response.statusText, status: response.status, detail: text || undefined };
      throw new ProblemError(response.status, problem, retry ? Number(retry) : undefined);
    }
    return json as T;
  }

  private keep(tokens: TokenResponse): Session {
    const session: Session = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: Date.now() + Number(tokens.expiresIn) * 1000,
      user: tokens.user,
    };
    this.current = session;
    this.onSession?.(session);
    return session;
  }

  private forget(): void {
    this.current = undefined;
    this.onSession?.(null);
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
