/** The few REST calls the streaming benchmark needs to set up its users (operator key) and their pets. */
export interface Account {
  token: string;
  petId: string;
}

async function call<T>(port: number, path: string, token: string, body: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Creates `count` users, each with a token and a pet, `parallel` requests at a time. */
export async function createAccounts(
  port: number,
  adminKey: string,
  count: number,
  parallel = 8,
): Promise<Account[]> {
  const accounts: Account[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const { token } = await call<{ token: string }>(port, '/api/v1/users', adminKey, {
        name: `Streamer ${i}`,
        timezone: 'Europe/Paris',
      });
      const { pet } = await call<{ pet: { id: string } }>(port, '/api/v1/pets', token, {
        name: 'Mochi',
        kind: 'cat',
        personality: 'Curious and stubborn, soft-hearted under a show of pride.',
      });
      accounts[i] = { token, petId: pet.id };
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return accounts;
}
