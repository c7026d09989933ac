/**
 * The staff operations a replay needs, as a staff member's browser would do them over the API:
 * sign in, list shelters, open a shelter, register a reader, bind a card.
 */
export interface ShelterSummary {
  id: string;
  name: string;
  lon: number;
  lat: number;
  occupancy: number;
  status: 'open' | 'closed' | 'full';
}

export interface StaffApi {
  listShelters(municipalityCode: string): Promise<ShelterSummary[]>;
  openShelter(shelterId: string): Promise<void>;
  registerReader(shelterId: string, name: string): Promise<{ readerId: string; deviceKey: string }>;
  /** Binds the card; a card already bound (409 `card_already_bound`) counts as done. */
  bindCard(residentId: string, cardUid: string): Promise<'bound' | 'already_bound'>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

interface ShelterFeature {
  geometry: { coordinates: [number, number] };
  properties: { id: string; name: string; occupancy: number; status: ShelterSummary['status'] };
}

/** Cookie session + CSRF header, like the web client. Only for 127.0.0.1 / trusted servers. */
export class HttpStaffApi implements StaffApi {
  private cookie: string | undefined;
  private csrfToken: string | undefined;

  constructor(private readonly baseUrl: string) {}

  static async signIn(baseUrl: string, username: string, password: string): Promise<HttpStaffApi> {
    const api = new HttpStaffApi(baseUrl.replace(/\/$/, ''));
    const body = (await api.request('POST', '/api/auth/login', { username, password })) as {
      csrfToken: string;
    };
    api.csrfToken = body.csrfToken;
    return api;
  }

  async request(method: string, path: string, json?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    for (const line of response.headers.getSetCookie()) this.cookie = line.split(';')[0];
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = (body as { error?: { id?: string; message?: string } } | undefined)?.error;
      throw new ApiError(
        response.status,
        error?.id,
        `${method} ${path}: ${response.status} ${error?.message ?? text}`,
      );
    }
    return body;
  }

  async listShelters(municipalityCode: string): Promise<ShelterSummary[]> {
    const body = (await this.request('GET', `/api/shelters?municipality=${municipalityCode}`)) as {
      features: ShelterFeature[];
    };
    return body.features.map((f) => ({
      id: f.properties.id,
      name: f.properties.name,
      lon: f.geometry.coordinates[0],
      lat: f.geometry.coordinates[1],
      occupancy: f.properties.occupancy,
      status: f.properties.status,
    }));
  }

  async openShelter(shelterId: string): Promise<void> {
    await this.request('PATCH', `/api/shelters/${shelterId}`, { status: 'open' });
  }

  async registerReader(shelterId: string, name: string): Promise<{ readerId: string; deviceKey: string }> {
    const body = (await this.request('POST', `/api/shelters/${shelterId}/readers`, {
      name,
      mode: 'toggle',
    })) as {
      reader: { id: string };
      deviceKey: string;
    };
    return { readerId: body.reader.id, deviceKey: body.deviceKey };
  }

  async bindCard(residentId: string, cardUid: string): Promise<'bound' | 'already_bound'> {
    try {
      await this.request('POST', `/api/residents/${residentId}/cards`, { cardUid, kind: 'issued' });
      return 'bound';
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.id === 'card_already_bound')
        return 'already_bound';
      throw error;
    }
  }
}
