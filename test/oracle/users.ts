/**
 * The oracle registries' users. Every credential in a configuration belongs to a different
 * user, so the name the registry logs tells which entry a tool sent.
 */
export const ORACLE_USERS = {
  alice: 'pw-alice',
  bob: 'pw-bob',
  carol: 'pw-carol',
  dave: 'pw-dave',
  erin: 'pw-erin',
  frank: 'pw-frank',
  grace: 'pw-grace',
  heidi: 'pw-heidi',
  ivan: 'pw-ivan',
  judy: 'pw-judy',
} as const;
export type OracleUser = keyof typeof ORACLE_USERS;

/** The identity token the token issuer knows for a user (exchanged by the refresh_token grant). */
export const identityTokenOf = (user: OracleUser) => `idtok-${user}`;

export function oracleRefreshTokens(): Record<string, string> {
  return Object.fromEntries(
    Object.keys(ORACLE_USERS).map((user) => [identityTokenOf(user as OracleUser), user]),
  );
}
