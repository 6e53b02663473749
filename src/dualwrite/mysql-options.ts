/** The parts of a MySQL/MariaDB connection that the standard client environment may supply. */
export interface MysqlConnectionParts {
  uri: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
}

/**
 * What mysql2 should connect with: the URL, and for every part it leaves out (`mysql:///app`,
 * `mysql://app_user@db/app`) the variable the mysql client itself reads: MYSQL_HOST,
 * MYSQL_TCP_PORT, MYSQL_USER, MYSQL_PWD, MYSQL_DATABASE. PostgreSQL needs nothing of the kind:
 * pg reads PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE for the parts its URL leaves out.
 */
export function mysqlConnectionParts(
  url: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): MysqlConnectionParts {
  const uri = url.replace(/^mariadb:/i, 'mysql:');
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return { uri };
  }
  // mysql2 lets explicit options win over the URL, so only the parts the URL lacks are given.
  const out: MysqlConnectionParts = { uri };
  if (!parsed.hostname && env.MYSQL_HOST) out.host = env.MYSQL_HOST;
  if (!parsed.hostname && !env.MYSQL_HOST) out.host = 'localhost';
  if (!parsed.port && env.MYSQL_TCP_PORT) out.port = Number(env.MYSQL_TCP_PORT);
  if (!parsed.username && env.MYSQL_USER) out.user = env.MYSQL_USER;
  if (!parsed.password && env.MYSQL_PWD) out.password = env.MYSQL_PWD;
  if (parsed.pathname.replace(/^\//, '') === '' && env.MYSQL_DATABASE) out.database = env.MYSQL_DATABASE;
  return out;
}
