import argon2 from 'argon2';

// OWASP password storage cheat sheet: argon2id, 19 MiB memory, 2 iterations, 1 lane is the floor;
// we use more memory since logins are rate limited and rare.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 47_104, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * A valid hash of a password nobody knows: verifying against it when the user does not exist
 * makes "no such user" take as long as "wrong password" (no user enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  return decoyHash;
}
