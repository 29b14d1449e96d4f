import { missingPermissions, type ImportRowError } from "@steward/contracts";
import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import type { Tx } from "../../kernel/mutate.ts";
import { createGroupIn } from "../../groups/groups.ts";
import { assertRegistrationOpen } from "../../settings/registration.ts";
import { rowError, type PreparedRow } from "./rows.ts";

/**
 * One batch of an import: the checks only the database can answer (taken
 * usernames, emails and external ids; roles and groups by name), then the
 * rows that pass, written set-based (INSERT … SELECT FROM unnest: a few
 * statements for thousands of users), and one audit event with the counts.
 * Run inside one transaction by the use case; a dry run runs the checks alone.
 */

type Db = Pick<Tx, "$queryRaw" | "$executeRaw">;

export interface BatchOptions {
  dryRun: boolean;
  createGroups: boolean;
}

export interface CheckedBatch {
  /** Rows that pass every check, with their role and group ids. */
  good: { row: PreparedRow; roleIds: string[] }[];
  errors: ImportRowError[];
  /** The id of each group the good rows name that exists (one group by that name). */
  groupIds: Map<string, string>;
  /** Group names no group has, made by this batch (createGroups). */
  groupsToCreate: string[];
}

/**
 * Takes the next user numbers from the users' sequence for the rows, in
 * their order (a sequence never hands a number out twice, and a rolled-back
 * batch leaves a gap as any failed insert does).
 */
export async function reserveNumbers(db: Db, rows: PreparedRow[]): Promise<void> {
  const taken = await db.$queryRaw<{ n: number }[]>`
    SELECT nextval(pg_get_serial_sequence('users', 'numeric_id'))::int AS n FROM generate_series(1, ${rows.length}::int)`;
  const numbers = taken.map(({ n }) => n).sort((a, b) => a - b);
  rows.forEach((row, i) => (row.numericId = numbers[i]!));
}

/** Keys a unique index compares: usernames and emails regardless of case (citext), external ids exactly. */
const fold = (text: string) => text.toLowerCase();

/** The database's verdict on a batch's rows: which clash with users already there, and what their roles and groups are. */
export async function checkBatch(db: Db, ctx: ServiceContext, rows: PreparedRow[], options: BatchOptions): Promise<CheckedBatch> {
  const errors: ImportRowError[] = [];
  // Within the batch: the first row with a key keeps it.
  const seen = { username: new Set<string>(), email: new Set<string>(), externalId: new Set<string>() };
  let candidates = rows.filter((row) => {
    const clash = (["username", "email", "externalId"] as const).find((field) => {
      const value = row[field];
      return value !== null && seen[field].has(field === "externalId" ? value : fold(value));
    });
    if (clash) {
      errors.push(rowError(row.line, "duplicate_in_import", `An earlier row of this import has the same ${clash}`, clash));
      return false;
    }
    seen.username.add(fold(row.username));
    if (row.email !== null) seen.email.add(fold(row.email));
    if (row.externalId !== null) seen.externalId.add(row.externalId);
    return true;
  });
  if (candidates.length === 0) return { good: [], errors, groupIds: new Map(), groupsToCreate: [] };

  // A dry run asks the unique indexes now; a write lets its INSERT ask them (ON CONFLICT DO NOTHING) and reports what it skipped.
  if (options.dryRun) {
    const taken = await takenKeys(db, candidates);
    candidates = candidates.filter((row) => {
      const error = takenError(row, taken);
      if (error) errors.push(error);
      return !error;
    });
  }

  const roleNames = [...new Set(candidates.flatMap((row) => row.roles))];
  const roles = new Map<string, { id: string; permissions: string[] }>();
  if (roleNames.length) {
    // Key-share locked to the end of the transaction, as a grant does: a role being granted is not deleted meanwhile.
    const found = await db.$queryRaw<{ id: string; name: string; permissions: string[] }[]>`
      SELECT id::text AS id, name, permissions FROM roles WHERE name = ANY(${roleNames}::text[]) ORDER BY name FOR KEY SHARE`;
    for (const role of found) roles.set(role.name, role);
  }
  const groupNames = [...new Set(candidates.flatMap((row) => row.groups))];
  const groups = new Map<string, string[]>();
  if (groupNames.length) {
    const found = await db.$queryRaw<{ id: string; name: string }[]>`
      SELECT id::text AS id, name FROM groups WHERE name = ANY(${groupNames}::text[]) ORDER BY id FOR KEY SHARE`;
    for (const group of found) groups.set(group.name, [...(groups.get(group.name) ?? []), group.id]);
  }
  const groupsToCreate = new Set<string>();
  const good: CheckedBatch["good"] = [];
  for (const row of candidates) {
    const problem = roleProblem(row, roles, ctx) ?? groupProblem(row, groups, options, groupsToCreate);
    if (problem) {
      errors.push(problem);
      continue;
    }
    for (const name of row.groups) if (!groups.has(name)) groupsToCreate.add(name);
    good.push({ row, roleIds: row.roles.map((name) => roles.get(name)!.id) });
  }
  const groupIds = new Map([...groups].filter(([, ids]) => ids.length === 1).map(([name, ids]) => [name, ids[0]!]));
  return { good, errors, groupIds, groupsToCreate: [...groupsToCreate] };
}

/** Held while a batch makes groups (see checkBatchToWrite). */
const GROUP_CREATION_LOCK = 7305541;

/**
 * checkBatch inside the transaction that writes the batch. A batch that
 * makes groups takes a lock first and checks again: two batches writing at
 * once (or two imports) would otherwise both find a group missing and make
 * it twice; the second now waits for the first to commit, then finds its group.
 */
export async function checkBatchToWrite(tx: Tx, ctx: ServiceContext, rows: PreparedRow[], options: BatchOptions): Promise<CheckedBatch> {
  const checked = await checkBatch(tx, ctx, rows, options);
  if (checked.groupsToCreate.length === 0) return checked;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${GROUP_CREATION_LOCK})`;
  return checkBatch(tx, ctx, rows, options);
}

function roleProblem(row: PreparedRow, roles: Map<string, { permissions: string[] }>, ctx: ServiceContext): ImportRowError | undefined {
  for (const name of row.roles) {
    const role = roles.get(name);
    if (!role) return rowError(row.line, "unknown_role", `Unknown role: ${name}`, "roles");
    // Nobody hands out more than they hold (assertCanGrant's rule).
    const lacking = missingPermissions(ctx.actor.permissions, role.permissions);
    if (lacking.length) return rowError(row.line, "permission_not_held", `Granting role ${name} needs permissions you do not hold: ${lacking.join(", ")}`, "roles");
  }
  return undefined;
}

function groupProblem(row: PreparedRow, groups: Map<string, string[]>, options: BatchOptions, toCreate: Set<string>): ImportRowError | undefined {
  for (const name of row.groups) {
    const ids = groups.get(name);
    if (ids && ids.length > 1) return rowError(row.line, "ambiguous_group", `${ids.length} groups are named ${JSON.stringify(name)}`, "groups");
    if (!ids && !options.createGroups && !toCreate.has(name)) return rowError(row.line, "unknown_group", `No group is named ${JSON.stringify(name)}`, "groups");
  }
  return undefined;
}

type Taken = { username: Set<string>; email: Set<string>; externalId: Set<string> };

/** The row error of a row whose username, email or external id is in `taken`; undefined when none is. */
function takenError(row: PreparedRow, taken: Taken): ImportRowError | undefined {
  const field = taken.username.has(fold(row.username))
    ? "username"
    : row.email !== null && taken.email.has(fold(row.email))
      ? "email"
      : row.externalId !== null && taken.externalId.has(row.externalId)
        ? "externalId"
        : undefined;
  if (!field) return undefined;
  const reason = field === "username" ? "username_taken" : field === "email" ? "email_taken" : "external_id_taken";
  return rowError(row.line, reason, `Another user already has this ${field}`, field);
}

/** Which of the rows' usernames, emails and external ids some user has already (each through its unique index). */
async function takenKeys(db: Db, rows: PreparedRow[]): Promise<Taken> {
  const usernames = rows.map((row) => row.username);
  const emails = rows.flatMap((row) => (row.email === null ? [] : [row.email]));
  const externalIds = rows.flatMap((row) => (row.externalId === null ? [] : [row.externalId]));
  const found = await db.$queryRaw<{ field: string; value: string }[]>`
    SELECT 'username' AS field, lower(username::text) AS value FROM users WHERE username = ANY(${usernames}::text[]::citext[])
    UNION ALL SELECT 'email', lower(email::text) FROM users WHERE email = ANY(${emails}::text[]::citext[])
    UNION ALL SELECT 'externalId', external_id FROM users WHERE external_id = ANY(${externalIds}::text[])`;
  const taken: Taken = { username: new Set<string>(), email: new Set<string>(), externalId: new Set<string>() };
  for (const { field, value } of found) taken[field as keyof typeof taken].add(value);
  return taken;
}

/**
 * Writes a checked batch (inside the caller's transaction): the users, their
 * roles and memberships, and the batch's audit event. A row whose username,
 * email or external id is taken (already, or by a transaction that commits
 * meanwhile: the INSERT waits for it) is skipped by the INSERT itself and
 * comes back as a row error; the others are written.
 */
export async function writeBatch(
  tx: Tx,
  ctx: ServiceContext,
  checked: CheckedBatch,
  span: { firstLine: number; lastLine: number; failed: number },
): Promise<{ created: number; errors: ImportRowError[] }> {
  await assertRegistrationOpen({ db: tx, settings: ctx.settings });
  const groupIds = new Map(checked.groupIds);
  if (checked.good.length && checked.groupsToCreate.length) {
    // Each new group is made (and audited) as the groups use case makes one.
    for (const name of checked.groupsToCreate) groupIds.set(name, (await createGroupIn(tx, ctx, { name })).id);
  }
  const candidates = checked.good.map(({ row }) => row);
  if (candidates.length === 0) return { created: 0, errors: [] };
  // One JSON parameter holding the batch (PostgreSQL reads it into rows): far less work for the driver than an array per column.
  const batch = JSON.stringify(
    candidates.map((r) => ({
      id: r.id,
      numeric_id: r.numericId,
      username: r.username,
      email: r.email,
      display_name: r.displayName,
      first_name: r.firstName,
      last_name: r.lastName,
      language: r.language,
      phone: r.phone,
      external_id: r.externalId,
      domain: r.domain,
      status: r.status,
      tags: r.tags,
      password_hash: r.passwordHash,
      created_at: r.createdAt,
    })),
  );
  // Answers only the rows it skipped (a unique key taken), usually none: thousands of ids back would cost more than the insert.
  const notInserted = await tx.$queryRaw<{ id: string }[]>`
    WITH src AS MATERIALIZED (SELECT e.row, e.ord FROM json_array_elements(${batch}::json) WITH ORDINALITY AS e(row, ord)),
    inserted AS (INSERT INTO users (id, numeric_id, username, email, display_name, first_name, last_name, language, phone, external_id, domain, status, tags, password_hash, created_at, updated_at)
    SELECT t.id, COALESCE(t.numeric_id, nextval(pg_get_serial_sequence('users', 'numeric_id'))::int), t.username, t.email, t.display_name, t.first_name, t.last_name, t.language, t.phone, t.external_id, t.domain,
      t.status::"UserStatus", COALESCE(t.tags, '{}'), t.password_hash, COALESCE(t.created_at, now()), now()
    FROM src, json_to_record(src.row) AS t(id uuid, numeric_id int, username text, email text, display_name text, first_name text, last_name text,
        language text, phone text, external_id text, domain text, status text, tags text[], password_hash text, created_at timestamptz)
    ORDER BY src.ord
    ON CONFLICT DO NOTHING
    RETURNING id)
    SELECT src.row->>'id' AS id FROM src WHERE NOT EXISTS (SELECT 1 FROM inserted i WHERE i.id = (src.row->>'id')::uuid)`;
  const notWritten = new Set(notInserted.map(({ id }) => id));
  const skipped = candidates.filter((row) => notWritten.has(row.id));
  const errors: ImportRowError[] = [];
  if (skipped.length) {
    const taken = await takenKeys(tx, skipped);
    for (const row of skipped) errors.push(takenError(row, taken) ?? rowError(row.line, "unique_clash", "A user with that username, email or external id already exists"));
  }
  const rows = notWritten.size ? candidates.filter((row) => !notWritten.has(row.id)) : candidates;
  const good = notWritten.size ? checked.good.filter(({ row }) => !notWritten.has(row.id)) : checked.good;
  if (rows.length === 0) return { created: 0, errors };

  const roleUsers: string[] = [];
  const roleIds: string[] = [];
  const roleCounts: Record<string, number> = {};
  const memberUsers: string[] = [];
  const memberGroups: string[] = [];
  const groupCounts: Record<string, number> = {};
  for (const { row, roleIds: ids } of good) {
    ids.forEach((roleId, i) => {
      roleUsers.push(row.id);
      roleIds.push(roleId);
      roleCounts[row.roles[i]!] = (roleCounts[row.roles[i]!] ?? 0) + 1;
    });
    for (const name of row.groups) {
      memberUsers.push(row.id);
      memberGroups.push(groupIds.get(name)!);
      groupCounts[name] = (groupCounts[name] ?? 0) + 1;
    }
  }
  if (roleUsers.length) {
    await tx.$executeRaw`INSERT INTO user_roles (user_id, role_id) SELECT * FROM unnest(${roleUsers}::uuid[], ${roleIds}::uuid[])`;
  }
  if (memberUsers.length) {
    await tx.$executeRaw`INSERT INTO group_memberships (group_id, user_id) SELECT * FROM unnest(${memberGroups}::uuid[], ${memberUsers}::uuid[])`;
  }
  await recordAudit(tx, ctx, {
    action: "user.import",
    targetType: "user",
    targetId: null,
    after: {
      firstLine: span.firstLine,
      lastLine: span.lastLine,
      created: rows.length,
      failed: span.failed + errors.length,
      roles: roleCounts,
      groups: groupCounts,
      ...(checked.groupsToCreate.length ? { groupsCreated: checked.groupsToCreate } : {}),
      passwordHashes: rows.filter((row) => row.passwordHash !== null).length,
    },
  });
  return { created: rows.length, errors };
}
