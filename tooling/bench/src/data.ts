/**
 * Realistic-looking user rows. Row `i` always yields the same profile (seeded
 * PRNG, so the data set is the same on every machine); ids are random v4 UUIDs.
 */
import { randomUUID } from "node:crypto";

// prettier-ignore
export const FIRST_NAMES = [
  "James","Mary","John","Patricia","Robert","Jennifer","Michael","Linda","William","Elizabeth","David","Barbara",
  "Richard","Susan","Joseph","Jessica","Thomas","Sarah","Charles","Karen","Christopher","Nancy","Daniel","Lisa",
  "Matthew","Betty","Anthony","Margaret","Mark","Sandra","Donald","Ashley","Steven","Kimberly","Paul","Emily",
  "Andrew","Donna","Joshua","Michelle","Kenneth","Dorothy","Kevin","Carol","Brian","Amanda","George","Melissa",
  "Edward","Deborah","Ronald","Stephanie","Timothy","Rebecca","Jason","Sharon","Jeffrey","Laura","Ryan","Cynthia",
  "Jacob","Kathleen","Gary","Amy","Nicholas","Shirley","Eric","Angela","Jonathan","Helen","Stephen","Anna",
  "Larry","Brenda","Justin","Pamela","Scott","Nicole","Brandon","Emma","Benjamin","Samantha","Samuel","Katherine",
  "Gregory","Christine","Frank","Debra","Alexander","Rachel","Raymond","Catherine","Patrick","Carolyn","Jack","Janet",
  "Dennis","Ruth","Jerry","Maria","Tyler","Heather","Aaron","Diane","Jose","Virginia","Adam","Julie","Henry","Joyce",
  "Nathan","Victoria","Douglas","Olivia","Zachary","Kelly","Peter","Christina","Kyle","Lauren","Walter","Joan",
  "Ethan","Evelyn","Jeremy","Judith","Harold","Megan","Keith","Cheryl","Christian","Andrea","Roger","Hannah",
  "Noah","Martha","Gerald","Jacqueline","Carl","Frances","Terry","Gloria","Sean","Ann","Austin","Teresa","Arthur",
  "Kathryn","Lawrence","Sara","Jesse","Janice","Dylan","Jean","Bryan","Alice","Joe","Madison","Jordan","Doris",
  "Billy","Abigail","Bruce","Julia","Albert","Judy","Willie","Grace","Gabriel","Denise","Logan","Amber","Alan",
  "Marilyn","Juan","Beverly","Wayne","Danielle","Roy","Theresa","Ralph","Sophia","Randy","Marie","Eugene","Diana",
  "Vincent","Brittany","Russell","Natalie","Elijah","Isabella","Louis","Charlotte","Bobby","Rose","Philip","Alexis",
  "Johnny","Kayla","Lukas","Anja","Mateo","Lucia","Hugo","Chloe","Leon","Ines","Mehmet","Aylin","Hiroshi","Yuki",
  "Wei","Mei","Arjun","Priya","Olumide","Amara","Sven","Ingrid","Piotr","Zofia","Dmitri","Olga","Joao","Beatriz",
];

// prettier-ignore
export const LAST_NAMES = [
  "Smith","Johnson","Williams","Brown","Jones","Garcia","Miller","Davis","Rodriguez","Martinez","Hernandez","Lopez",
  "Gonzalez","Wilson","Anderson","Thomas","Taylor","Moore","Jackson","Martin","Lee","Perez","Thompson","White",
  "Harris","Sanchez","Clark","Ramirez","Lewis","Robinson","Walker","Young","Allen","King","Wright","Scott","Torres",
  "Nguyen","Hill","Flores","Green","Adams","Nelson","Baker","Hall","Rivera","Campbell","Mitchell","Carter","Roberts",
  "Gomez","Phillips","Evans","Turner","Diaz","Parker","Cruz","Edwards","Collins","Reyes","Stewart","Morris","Morales",
  "Murphy","Cook","Rogers","Gutierrez","Ortiz","Morgan","Cooper","Peterson","Bailey","Reed","Kelly","Howard","Ramos",
  "Kim","Cox","Ward","Richardson","Watson","Brooks","Chavez","Wood","James","Bennett","Gray","Mendoza","Ruiz",
  "Hughes","Price","Alvarez","Castillo","Sanders","Patel","Myers","Long","Ross","Foster","Jimenez","Powell","Jenkins",
  "Perry","Russell","Sullivan","Bell","Coleman","Butler","Henderson","Barnes","Gonzales","Fisher","Vasquez","Simmons",
  "Romero","Jordan","Patterson","Alexander","Hamilton","Graham","Reynolds","Griffin","Wallace","Moreno","West","Cole",
  "Hayes","Bryant","Herrera","Gibson","Ellis","Tran","Medina","Aguilar","Stevens","Murray","Ford","Castro","Marshall",
  "Owens","Harrison","Fernandez","McDonald","Woods","Washington","Kennedy","Wells","Vargas","Henry","Chen","Freeman",
  "Webb","Tucker","Guzman","Burns","Crawford","Olson","Simpson","Porter","Hunter","Gordon","Mendez","Silva","Shaw",
  "Snyder","Mason","Dixon","Munoz","Hunt","Hicks","Holmes","Palmer","Wagner","Black","Robertson","Boyd","Rose",
  "Stone","Salazar","Fox","Warren","Mills","Meyer","Rice","Schmidt","Garza","Daniels","Ferguson","Nichols","Stephens",
  "Soto","Weaver","Ryan","Gardner","Payne","Grant","Dunn","Kowalski","Nowak","Muller","Schneider","Fischer","Weber",
  "Rossi","Russo","Bianchi","Dubois","Moreau","Laurent","Jansen","DeVries","Novak","Horvat","Ivanov","Petrov",
  "Yamamoto","Tanaka","Suzuki","Wang","Zhang","Liu","Singh","Kumar","Sharma","Okafor","Adeyemi","Larsen","Hansen",
];

const EMAIL_DOMAINS = [
  "gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "gmx.de", "example.org", "example.com",
  "acme-corp.io", "fastmail.com", "posteo.net", "mailbox.org", "hey.com", "uni-example.edu", "company.test",
];
const REMOTE_DOMAINS = [
  "mastodon.social", "fosstodon.org", "hachyderm.io", "pleroma.example", "social.coop", "chaos.social",
  "mas.to", "infosec.exchange", "mstdn.jp", "xmpp.example.net", "jabber.org", "pryv.me", "pod.example.com",
  "federated.example", "ruhr.social", "norden.social", "piaille.fr", "mastodon.online", "techhub.social", "toot.cafe",
];
const LANGUAGES = ["en", "en", "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ja", "zh"];
/** The tags seeded users carry (about 40 % of them carry one to three). */
export const TAGS = ["beta", "vip", "staff", "newsletter", "trial", "enterprise", "legacy", "support", "partner", "early-adopter"];

export const SEED_PASSWORD = "bench-user-password";

/** Columns in insert order; each is one `unnest` array. */
export interface UserBatch {
  id: string[];
  username: string[];
  email: (string | null)[];
  display_name: (string | null)[];
  first_name: (string | null)[];
  last_name: (string | null)[];
  language: (string | null)[];
  phone: (string | null)[];
  external_id: (string | null)[];
  domain: (string | null)[];
  status: string[];
  /** Comma-joined; empty string for no tags. */
  tags: string[];
  password_hash: (string | null)[];
  mfa_enabled: boolean[];
  last_login_at: (string | null)[];
  created_at: string[];
  updated_at: string[];
}

export const USER_COLUMNS: (keyof UserBatch)[] = [
  "id", "username", "email", "display_name", "first_name", "last_name", "language", "phone", "external_id",
  "domain", "status", "tags", "password_hash", "mfa_enabled", "last_login_at", "created_at", "updated_at",
];

/** Small fast PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

export interface GenerateOptions {
  /** Total users; created_at is spread so row 0 is the oldest, row total-1 the newest. */
  total: number;
  /** Epoch ms of the oldest and newest account. */
  fromMs: number;
  toMs: number;
  passwordHash: string | null;
}

/** Rows [start, end) of the data set. */
export function generateBatch(start: number, end: number, opts: GenerateOptions): UserBatch {
  const batch: UserBatch = {
    id: [], username: [], email: [], display_name: [], first_name: [], last_name: [], language: [], phone: [],
    external_id: [], domain: [], status: [], tags: [], password_hash: [], mfa_enabled: [], last_login_at: [],
    created_at: [], updated_at: [],
  };
  const span = opts.toMs - opts.fromMs;
  const step = span / Math.max(1, opts.total);
  for (let i = start; i < end; i++) {
    const r = rng(i * 2654435761 + 12345);
    const first = pick(r, FIRST_NAMES);
    const last = pick(r, LAST_NAMES);
    const f = first.toLowerCase();
    const l = last.toLowerCase();
    // The row number keeps usernames unique while the shapes vary.
    const shape = r();
    let username: string;
    if (shape < 0.35) username = `${f}.${l}${i}`;
    else if (shape < 0.55) username = `${f}${l[0]}${i}`;
    else if (shape < 0.7) username = `${f[0]}${l}_${i}`;
    else if (shape < 0.8) username = `${l}.${f}.${i}`;
    else if (shape < 0.9) username = `${f}_${i.toString(36)}`;
    else username = `${f}${l}${i}`;
    const remote = r() < 0.1;
    const domain = remote ? pick(r, REMOTE_DOMAINS) : null;
    const email = r() < 0.97 ? `${username}@${remote && r() < 0.5 ? domain : pick(r, EMAIL_DOMAINS)}` : null;
    const hasNames = r() < 0.95;
    const tagRoll = r();
    const tags: string[] = [];
    if (tagRoll < 0.4) {
      const n = 1 + Math.floor(r() * 3);
      for (let k = 0; k < n; k++) {
        const t = pick(r, TAGS);
        if (!tags.includes(t)) tags.push(t);
      }
    }
    // Accounts arrive over time, with a little jitter; numeric ids follow.
    const created = Math.floor(opts.fromMs + i * step + r() * step);
    const updated = created + Math.floor(r() * (opts.toMs - created));
    const loggedIn = r() < 0.7 ? created + Math.floor(r() * (opts.toMs - created)) : null;

    batch.id.push(randomUUID());
    batch.username.push(username);
    batch.email.push(email);
    batch.display_name.push(r() < 0.9 ? `${first} ${last}` : null);
    batch.first_name.push(hasNames ? first : null);
    batch.last_name.push(hasNames ? last : null);
    batch.language.push(r() < 0.8 ? pick(r, LANGUAGES) : null);
    batch.phone.push(r() < 0.3 ? `+${1 + Math.floor(r() * 98)} ${100000000 + Math.floor(r() * 899999999)}` : null);
    batch.external_id.push(r() < 0.2 ? `ext-${i.toString(36)}-${Math.floor(r() * 1e6).toString(36)}` : null);
    batch.domain.push(domain);
    batch.status.push(r() < 0.05 ? "deactivated" : "active");
    batch.tags.push(tags.join(","));
    batch.password_hash.push(!remote && r() < 0.85 ? opts.passwordHash : null);
    batch.mfa_enabled.push(r() < 0.1);
    batch.last_login_at.push(loggedIn === null ? null : new Date(loggedIn).toISOString());
    batch.created_at.push(new Date(created).toISOString());
    batch.updated_at.push(new Date(updated).toISOString());
  }
  return batch;
}
