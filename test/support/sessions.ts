import { buildUser } from './factories.js';
import type { HttpClient } from './http-client.js';
import type { TestServer } from './test-server.js';

/** A client signed in as a new user: staff get their shelters, residents their person. */
export async function signIn(t: TestServer, options: Parameters<typeof buildUser>[1]): Promise<HttpClient> {
  const user = await buildUser(t.db, options);
  const client = t.client();
  await client.login(user.username, user.password);
  return client;
}
