/**
 * The demo world: four organizers, eleven venues in eight cities, ~40 events across every category,
 * customers with paid orders and tickets, NFC cards, ushers assigned to gates, and a few check-ins
 * at an event happening right now, and the books (every paid order posted to the ledger, company
 * finance records, a paid payout: modules/finance/demo-books.ts). Used by `pnpm db:seed`
 * (prisma/seed.ts), dev start-up and tests.
 *
 * Idempotent: the organizer slug `nile-live` marks a seeded database; when present nothing is written.
 * Everything is built in memory first (ids are generated here), then inserted with `createMany`
 * inside one transaction, so a failed seed leaves nothing behind.
 *
 * Invariant kept: `TicketCategory.reserved` equals the number of tickets in PENDING + PAID orders of
 * that category (only PAID orders are seeded, each with its tickets).
 */

import { randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/password.ts';
import { randomReference, randomSecret } from '../auth/tokens.ts';
import { seedDemoCustomerExtras } from '../modules/customer-extras/demo-customer-extras.ts';
import { seedDemoBooks } from '../modules/finance/demo-books.ts';
import { seedDemoMerchant } from '../modules/merchant/demo-merchant.ts';
import { seedDemoNfc } from '../modules/nfc/demo-nfc.ts';
import { seedDemoOrganizer } from '../modules/organizer/demo-organizer.ts';
import { seedDemoRaffles } from '../modules/raffles/demo-raffles.ts';
import { seedDemoSeating } from '../modules/seating/demo-seating.ts';
import { newEventKeyPair } from '../modules/tickets/ticket-secret.ts';
import type { Db } from './connection.ts';
import type {
  CheckInResult,
  EventCategory,
  EventStatus,
  NfcCardStatus,
  Prisma,
  Role,
  ScanMethod,
  TicketTier,
} from './generated/client.ts';

// ───────────────────────────── public constants ─────────────────────────────

/** Slug of the organizer whose presence means "already seeded". */
export const DEMO_MARKER_ORGANIZER_SLUG = 'nile-live';
/** The event that started an hour before seeding and ends five hours after: ushers scan here. */
export const DEMO_TODAY_EVENT_SLUG = 'cairo-sunset-sessions';

export interface DemoAccount {
  role: Role;
  /** mobile (customers, organizers, merchants), username (ushers) or email (admin) */
  login: string;
  password: string;
  note: string;
}

const PASSWORDS = {
  CUSTOMER: 'customer123',
  USHER: 'usher123',
  ORGANIZER: 'organizer123',
  MERCHANT: 'merchant123',
  ADMIN: 'admin12345',
  PRACTITIONER: 'practitioner123',
} as const satisfies Partial<Record<Role, string>>;

type PasswordRole = keyof typeof PASSWORDS;

// ───────────────────────────── static data ─────────────────────────────

type OrgKey = 'nile' | 'gulf' | 'thames' | 'atlas';

interface PersonSpec {
  firstName: string;
  lastName: string;
  mobile?: string;
  email?: string;
  emergencyContact?: string;
  bloodType?: string;
}

const ORGANIZERS: {
  key: OrgKey;
  name: string;
  slug: string;
  contactEmail: string;
  contactPhone: string;
  user: PersonSpec & { mobile: string };
}[] = [
  {
    key: 'nile',
    name: 'Nile Live',
    slug: DEMO_MARKER_ORGANIZER_SLUG,
    contactEmail: 'hello@nile-live.test',
    contactPhone: '+20225550100',
    user: { firstName: 'Hany', lastName: 'Mostafa', mobile: '+201000000101', email: 'hany@nile-live.test' },
  },
  {
    key: 'gulf',
    name: 'Gulf Beats',
    slug: 'gulf-beats',
    contactEmail: 'events@gulf-beats.test',
    contactPhone: '+97145550100',
    user: { firstName: 'Rashid', lastName: 'Al Falasi', mobile: '+971500000102', email: 'rashid@gulf-beats.test' },
  },
  {
    key: 'thames',
    name: 'Thames Theatre Co',
    slug: 'thames-theatre-co',
    contactEmail: 'boxoffice@thames-theatre.test',
    contactPhone: '+442079460100',
    user: { firstName: 'Eleanor', lastName: 'Hughes', mobile: '+447700900103', email: 'eleanor@thames-theatre.test' },
  },
  {
    key: 'atlas',
    name: 'Atlas Sports',
    slug: 'atlas-sports',
    contactEmail: 'tickets@atlas-sports.test',
    contactPhone: '+212522550100',
    user: { firstName: 'Hamza', lastName: 'Benali', mobile: '+212600000104', email: 'hamza@atlas-sports.test' },
  },
];

type VenueKey =
  | 'cairoGarden'
  | 'cairoArena'
  | 'cairoArtHall'
  | 'alexandria'
  | 'dubai'
  | 'londonPlayhouse'
  | 'londonCellar'
  | 'newYork'
  | 'berlin'
  | 'marrakech'
  | 'riyadh';

interface VenueSpec {
  key: VenueKey;
  name: string;
  address: string;
  city: string;
  country: string;
  currency: string;
  timeZone: string;
  capacity: number;
  gates: string[];
}

const VENUES: VenueSpec[] = [
  {
    key: 'cairoGarden',
    name: 'Nile Garden Amphitheatre',
    address: '12 Corniche El Nil, Zamalek',
    city: 'Cairo',
    country: 'EG',
    currency: 'EGP',
    timeZone: 'Africa/Cairo',
    capacity: 3500,
    gates: ['Gate A', 'Gate B', 'VIP Entrance'],
  },
  {
    key: 'cairoArena',
    name: 'Heliopolis Sports Arena',
    address: '45 Al Orouba Road, Heliopolis',
    city: 'Cairo',
    country: 'EG',
    currency: 'EGP',
    timeZone: 'Africa/Cairo',
    capacity: 18000,
    gates: ['North Gate', 'South Gate', 'East Gate', 'VIP Entrance'],
  },
  {
    key: 'cairoArtHall',
    name: 'Zamalek Art Hall',
    address: '3 Hassan Sabry Street, Zamalek',
    city: 'Cairo',
    country: 'EG',
    currency: 'EGP',
    timeZone: 'Africa/Cairo',
    capacity: 600,
    gates: ['Main Entrance', 'Garden Entrance'],
  },
  {
    key: 'alexandria',
    name: 'Corniche Open Air Theatre',
    address: '200 El Geish Road, Stanley',
    city: 'Alexandria',
    country: 'EG',
    currency: 'EGP',
    timeZone: 'Africa/Cairo',
    capacity: 2500,
    gates: ['Gate A', 'Gate B'],
  },
  {
    key: 'dubai',
    name: 'Marina Waterfront Arena',
    address: 'Marina Promenade, Dubai Marina',
    city: 'Dubai',
    country: 'AE',
    currency: 'AED',
    timeZone: 'Asia/Dubai',
    capacity: 12000,
    gates: ['North Gate', 'South Gate', 'VIP Entrance'],
  },
  {
    key: 'londonPlayhouse',
    name: 'Southbank Playhouse',
    address: '18 Belvedere Road',
    city: 'London',
    country: 'GB',
    currency: 'GBP',
    timeZone: 'Europe/London',
    capacity: 900,
    gates: ['Main Entrance', 'Riverside Entrance'],
  },
  {
    key: 'londonCellar',
    name: 'Shoreditch Comedy Cellar',
    address: '77 Curtain Road',
    city: 'London',
    country: 'GB',
    currency: 'GBP',
    timeZone: 'Europe/London',
    capacity: 250,
    gates: ['Main Door', 'Side Entrance'],
  },
  {
    key: 'newYork',
    name: 'Hudson Pier Arena',
    address: '601 West 26th Street',
    city: 'New York',
    country: 'US',
    currency: 'USD',
    timeZone: 'America/New_York',
    capacity: 19000,
    gates: ['Gate A', 'Gate B', 'Gate C', 'VIP Entrance'],
  },
  {
    key: 'berlin',
    name: 'Spree Congress Centre',
    address: 'Holzmarktstraße 25',
    city: 'Berlin',
    country: 'DE',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    capacity: 3000,
    gates: ['Hall Entrance', 'North Gate', 'East Gate'],
  },
  {
    key: 'marrakech',
    name: 'Menara Gardens Stadium',
    address: 'Avenue de la Menara',
    city: 'Marrakech',
    country: 'MA',
    currency: 'MAD',
    timeZone: 'Africa/Casablanca',
    capacity: 40000,
    gates: ['North Gate', 'South Gate', 'VIP Entrance'],
  },
  {
    key: 'riyadh',
    name: 'Riyadh Boulevard Arena',
    address: 'Prince Turki bin Abdulaziz Al Awwal Road, Hittin',
    city: 'Riyadh',
    country: 'SA',
    currency: 'SAR',
    timeZone: 'Asia/Riyadh',
    capacity: 15000,
    gates: ['Gate A', 'Gate B', 'Family Entrance', 'VIP Entrance'],
  },
];

interface TierSpec {
  name: string;
  tier?: TicketTier;
  /** integer minor units of the venue's currency */
  price: number;
  quota: number;
  description?: string;
}

interface EventSpec {
  slug: string;
  title: string;
  description: string;
  category: EventCategory;
  organizer: OrgKey;
  venue: VenueKey;
  /** days from `now` (negative: past) and local wall-clock start at the venue; `today` = started 1h ago */
  when: { inDays: number; at: string } | 'today';
  hours: number;
  status?: EventStatus;
  featured?: boolean;
  /** every category must end up with reserved === quota (checked while building) */
  soldOut?: boolean;
  tiers: TierSpec[];
}

const VIP = 'VIP' as const;

const EVENTS: EventSpec[] = [
  // ── MUSIC ──
  {
    slug: DEMO_TODAY_EVENT_SLUG,
    title: 'Cairo Sunset Sessions',
    description:
      'An open-air evening of Egyptian indie, jazz and tarab on the banks of the Nile. Five bands take the stage as the sun goes down, with food stalls and a late acoustic set to close the night. Gates open an hour before the first act.',
    category: 'MUSIC',
    organizer: 'nile',
    venue: 'cairoGarden',
    when: 'today',
    hours: 6,
    featured: true,
    tiers: [
      { name: 'Standard', price: 35000, quota: 1500, description: 'General admission, lawn and terraces.' },
      { name: 'VIP', tier: VIP, price: 90000, quota: 200, description: 'Front enclosure, lounge and fast-track gate.' },
    ],
  },
  {
    slug: 'alexandria-mediterranean-nights',
    title: 'Mediterranean Nights: Alexandria Summer Concert',
    description:
      'A summer concert by the sea featuring orchestral arrangements of classic Alexandrian songs. The Corniche Open Air Theatre hosts a 40-piece orchestra and guest vocalists for one night only.',
    category: 'MUSIC',
    organizer: 'nile',
    venue: 'alexandria',
    when: { inDays: 36, at: '21:00' },
    hours: 3,
    tiers: [
      { name: 'Early Bird', price: 25000, quota: 300, description: 'Limited release at a lower price.' },
      { name: 'Standard', price: 40000, quota: 1800 },
      { name: 'VIP', tier: VIP, price: 95000, quota: 200, description: 'Reserved front rows and welcome drink.' },
    ],
  },
  {
    slug: 'gulf-beats-arena-tour-dubai',
    title: 'Gulf Beats Arena Tour: Dubai',
    description:
      'The Gulf Beats arena tour lands at the Marina Waterfront with a full production of lights, pyrotechnics and a headline set from the region’s biggest pop acts. Doors open at 18:30; support acts start at 19:15.',
    category: 'MUSIC',
    organizer: 'gulf',
    venue: 'dubai',
    when: { inDays: 42, at: '20:00' },
    hours: 4,
    featured: true,
    tiers: [
      { name: 'Standard', price: 29500, quota: 2000 },
      { name: 'Golden Circle', price: 49500, quota: 1500, description: 'Standing area closest to the stage.' },
      { name: 'VIP', tier: VIP, price: 125000, quota: 500, description: 'Hospitality lounge with dinner.' },
    ],
  },
  {
    slug: 'riyadh-khaleeji-classics',
    title: 'Khaleeji Classics Night',
    description:
      'A celebration of Khaleeji music with a full takht ensemble and three celebrated vocalists. Expect the songs every family in the Gulf knows by heart, reimagined with a string section.',
    category: 'MUSIC',
    organizer: 'gulf',
    venue: 'riyadh',
    when: { inDays: 58, at: '21:00' },
    hours: 3,
    tiers: [
      { name: 'Standard', price: 25000, quota: 2000 },
      { name: 'VIP', tier: VIP, price: 75000, quota: 300 },
    ],
  },
  {
    slug: 'arabic-jazz-new-york',
    title: 'Gulf Beats presents: Arabic Jazz in New York',
    description:
      'Oud meets saxophone in an evening of Arabic jazz on the Hudson. Musicians from Cairo, Beirut and Brooklyn share the stage for improvised sets and new compositions.',
    category: 'MUSIC',
    organizer: 'gulf',
    venue: 'newYork',
    when: { inDays: 81, at: '19:30' },
    hours: 3,
    tiers: [
      { name: 'Standard', price: 6500, quota: 1500 },
      { name: 'VIP', tier: VIP, price: 18000, quota: 150, description: 'Table seating and meet-the-artists.' },
    ],
  },
  {
    slug: 'cairo-oud-strings-recital',
    title: 'Oud & Strings Winter Recital',
    description:
      'An intimate winter recital pairing solo oud with a string quartet. The programme moves from Sayed Darwish to new commissions by young Egyptian composers.',
    category: 'MUSIC',
    organizer: 'nile',
    venue: 'cairoGarden',
    when: { inDays: -12, at: '20:00' },
    hours: 2,
    tiers: [
      { name: 'Standard', price: 30000, quota: 1000 },
      { name: 'VIP', tier: VIP, price: 70000, quota: 150 },
    ],
  },

  // ── SPORTS ──
  {
    slug: 'cairo-derby-nile-fc-pharaohs-united',
    title: 'Cairo Derby: Nile FC vs Pharaohs United',
    description:
      'The city’s fiercest rivalry returns to Heliopolis. Arrive early: stadium gates close 30 minutes before kick-off and bags larger than A4 are not allowed.',
    category: 'SPORTS',
    organizer: 'atlas',
    venue: 'cairoArena',
    when: { inDays: 17, at: '19:00' },
    hours: 2,
    featured: true,
    tiers: [
      { name: 'Third Class', price: 15000, quota: 2000 },
      { name: 'Main Stand', price: 40000, quota: 1000, description: 'Covered seating on the halfway line.' },
      { name: 'VIP Box', tier: VIP, price: 150000, quota: 60, description: 'Private box with catering.' },
    ],
  },
  {
    slug: 'marrakech-atlas-marathon',
    title: 'Marrakech Atlas Marathon',
    description:
      'Run through the Medina, the Palmeraie and the Menara Gardens with the Atlas mountains on the horizon. The race starts and finishes at the stadium; entries include a finisher medal and technical shirt.',
    category: 'SPORTS',
    organizer: 'atlas',
    venue: 'marrakech',
    when: { inDays: 64, at: '07:00' },
    hours: 6,
    tiers: [
      { name: 'Full Marathon Entry', price: 60000, quota: 1500 },
      { name: '10K Entry', price: 30000, quota: 2000 },
    ],
  },
  {
    slug: 'riyadh-padel-masters-final',
    title: 'Riyadh Padel Masters Final',
    description:
      'The top eight pairs of the season meet for the Masters title under the lights. Courtside seats put you within a metre of the glass.',
    category: 'SPORTS',
    organizer: 'atlas',
    venue: 'riyadh',
    when: { inDays: 29, at: '18:00' },
    hours: 4,
    tiers: [
      { name: 'Standard', price: 15000, quota: 2000 },
      { name: 'Courtside', tier: VIP, price: 60000, quota: 100 },
    ],
  },
  {
    slug: 'new-york-boxing-night',
    title: 'New York Boxing Night: Title Eliminator',
    description:
      'A ten-bout card headlined by a welterweight title eliminator. Undercard starts at 19:00; main event ring walks expected around 22:30.',
    category: 'SPORTS',
    organizer: 'atlas',
    venue: 'newYork',
    when: { inDays: 47, at: '19:00' },
    hours: 5,
    tiers: [
      { name: 'Standard', price: 8900, quota: 2000 },
      { name: 'Ringside', tier: VIP, price: 45000, quota: 120 },
    ],
  },
  {
    slug: 'atlas-cup-final',
    title: 'Atlas Cup Football Final',
    description:
      'The final of the Atlas Cup, the North African club tournament, in front of a sold-out Menara crowd. Fan zone opens four hours before kick-off.',
    category: 'SPORTS',
    organizer: 'atlas',
    venue: 'marrakech',
    when: { inDays: -20, at: '20:00' },
    hours: 2,
    tiers: [
      { name: 'Standard', price: 12000, quota: 2000 },
      { name: 'VIP', tier: VIP, price: 50000, quota: 200 },
    ],
  },
  {
    slug: 'dubai-desert-polo-invitational',
    title: 'Desert Polo Invitational',
    description:
      'Four international teams were due to compete for the Desert Polo Cup. This event has been cancelled because of the forecast heat; ticket holders have been refunded.',
    category: 'SPORTS',
    organizer: 'atlas',
    venue: 'dubai',
    when: { inDays: 40, at: '16:00' },
    hours: 4,
    status: 'CANCELLED',
    tiers: [{ name: 'Standard', price: 20000, quota: 500 }],
  },

  // ── THEATRE ──
  {
    slug: 'hamlet-on-the-thames',
    title: 'Hamlet on the Thames',
    description:
      'Thames Theatre Co’s acclaimed modern-dress Hamlet returns for a limited run. Running time is about three hours including one interval; recommended for ages 12 and up.',
    category: 'THEATRE',
    organizer: 'thames',
    venue: 'londonPlayhouse',
    when: { inDays: 14, at: '19:30' },
    hours: 3,
    featured: true,
    tiers: [
      { name: 'Stalls', price: 4500, quota: 500 },
      { name: 'Premium Stalls', tier: VIP, price: 8500, quota: 120, description: 'Rows C–F, centre block.' },
    ],
  },
  {
    slug: 'the-last-ferry-preview',
    title: 'The Last Ferry: Preview Night',
    description:
      'A single preview of the new two-hander about the final crossing of a river ferry before the bridge opens. Only a small allocation of seats was released to the public, and all of them have gone.',
    category: 'THEATRE',
    organizer: 'thames',
    venue: 'londonPlayhouse',
    when: { inDays: 9, at: '19:30' },
    hours: 2,
    soldOut: true,
    tiers: [
      { name: 'Standard', price: 3500, quota: 6 },
      { name: 'VIP', tier: VIP, price: 7500, quota: 4, description: 'Includes post-show talk with the cast.' },
    ],
  },
  {
    slug: 'midsummer-berlin',
    title: 'A Midsummer Night’s Dream (in English)',
    description:
      'Shakespeare’s comedy staged in the round, performed in English with German surtitles. A touring production with live folk music and a cast of fourteen.',
    category: 'THEATRE',
    organizer: 'thames',
    venue: 'berlin',
    when: { inDays: 73, at: '19:30' },
    hours: 3,
    tiers: [
      { name: 'Standard', price: 3900, quota: 1500 },
      { name: 'VIP', tier: VIP, price: 8900, quota: 150 },
    ],
  },
  {
    slug: 'the-cairo-trilogy-stage',
    title: 'The Cairo Trilogy: A Stage Adaptation',
    description:
      'Three generations of one family in the alleys of old Cairo, adapted for the stage in Arabic with English surtitles. Performed in two parts with a dinner interval.',
    category: 'THEATRE',
    organizer: 'nile',
    venue: 'cairoGarden',
    when: { inDays: 31, at: '20:00' },
    hours: 4,
    tiers: [
      { name: 'Standard', price: 30000, quota: 800 },
      { name: 'VIP', tier: VIP, price: 75000, quota: 100 },
    ],
  },
  {
    slug: 'the-glass-orchard',
    title: 'The Glass Orchard',
    description:
      'A quiet, funny family drama set in a greenhouse over one long summer. The final performance of a sell-out season at the Southbank Playhouse.',
    category: 'THEATRE',
    organizer: 'thames',
    venue: 'londonPlayhouse',
    when: { inDays: -7, at: '19:30' },
    hours: 2,
    tiers: [
      { name: 'Stalls', price: 4000, quota: 600 },
      { name: 'Premium Stalls', tier: VIP, price: 7000, quota: 100 },
    ],
  },
  {
    slug: 'the-lighthouse-keeper',
    title: 'Autumn Season Opener: The Lighthouse Keeper',
    description:
      'The opening production of the autumn season: a lighthouse keeper, a storm and a stranger at the door. Casting and prices are still being finalised.',
    category: 'THEATRE',
    organizer: 'thames',
    venue: 'londonPlayhouse',
    when: { inDays: 150, at: '19:30' },
    hours: 2,
    status: 'DRAFT',
    tiers: [{ name: 'Stalls', price: 4200, quota: 600 }],
  },

  // ── COMEDY ──
  {
    slug: 'laugh-out-loud-cairo',
    title: 'Laugh Out Loud Cairo: Stand-up Showcase',
    description:
      'Six of Egypt’s sharpest stand-ups in one night, in Arabic and English. Strictly 16+; phones are sealed in pouches at the door.',
    category: 'COMEDY',
    organizer: 'nile',
    venue: 'cairoGarden',
    when: { inDays: 11, at: '21:00' },
    hours: 2,
    tiers: [
      { name: 'Standard', price: 25000, quota: 1000 },
      { name: 'Front Row', tier: VIP, price: 60000, quota: 80 },
    ],
  },
  {
    slug: 'shoreditch-late-laughs',
    title: 'Shoreditch Late Laughs',
    description:
      'The cellar’s legendary late show: new material from headliners trying it out before their tours. Tiny room, big names, and this one sold out within hours.',
    category: 'COMEDY',
    organizer: 'thames',
    venue: 'londonCellar',
    when: { inDays: 6, at: '21:30' },
    hours: 2,
    soldOut: true,
    tiers: [
      { name: 'Standard', price: 1800, quota: 8 },
      { name: 'Front Row', tier: VIP, price: 3000, quota: 4 },
    ],
  },
  {
    slug: 'dubai-comedy-nights',
    title: 'Dubai Comedy Nights: Arabic & English Stand-up',
    description:
      'A bilingual line-up of comedians from across the Gulf, the Levant and the UK. Two sets per language with an interval in between.',
    category: 'COMEDY',
    organizer: 'gulf',
    venue: 'dubai',
    when: { inDays: 24, at: '20:30' },
    hours: 3,
    tiers: [
      { name: 'Standard', price: 15000, quota: 1500 },
      { name: 'VIP', tier: VIP, price: 35000, quota: 200 },
    ],
  },
  {
    slug: 'riyadh-comedy-gala',
    title: 'Riyadh Comedy Gala',
    description:
      'The season’s comedy gala with a host, five stand-ups and a surprise closing act. Family-friendly material; suitable for ages 12 and up.',
    category: 'COMEDY',
    organizer: 'gulf',
    venue: 'riyadh',
    when: { inDays: 90, at: '21:00' },
    hours: 3,
    tiers: [{ name: 'Standard', price: 12000, quota: 1500 }],
  },

  // ── CONFERENCE ──
  {
    slug: 'cairo-music-industry-forum',
    title: 'Cairo Music Industry Forum',
    description:
      'A day of talks and workshops on streaming, live touring and rights management in the Arab world. Includes lunch, networking sessions and an evening showcase.',
    category: 'CONFERENCE',
    organizer: 'nile',
    venue: 'cairoArtHall',
    when: { inDays: 44, at: '10:00' },
    hours: 8,
    tiers: [
      { name: 'Delegate', price: 120000, quota: 400 },
      { name: 'All-Access', tier: VIP, price: 300000, quota: 60, description: 'Speaker dinner and recordings.' },
    ],
  },
  {
    slug: 'stagecraft-europe',
    title: 'Stagecraft Europe: Theatre Technology Conference',
    description:
      'Lighting, rigging, sound and automation: two stages of talks and a trade floor with forty exhibitors. Aimed at production managers, technicians and students.',
    category: 'CONFERENCE',
    organizer: 'thames',
    venue: 'berlin',
    when: { inDays: 100, at: '09:00' },
    hours: 9,
    tiers: [
      { name: 'Early Bird', price: 19000, quota: 200 },
      { name: 'Delegate', price: 29000, quota: 800 },
      { name: 'VIP', tier: VIP, price: 59000, quota: 50 },
    ],
  },
  {
    slug: 'gulf-music-business-summit',
    title: 'Gulf Music Business Summit',
    description:
      'Promoters, labels and venue operators meet to discuss the fast-growing live-entertainment market in the Gulf. Panels run in English with Arabic interpretation.',
    category: 'CONFERENCE',
    organizer: 'gulf',
    venue: 'dubai',
    when: { inDays: 55, at: '09:30' },
    hours: 8,
    tiers: [{ name: 'Delegate', price: 95000, quota: 600 }],
  },
  {
    slug: 'riyadh-sports-business-forum',
    title: 'Sports Business Forum Riyadh',
    description:
      'Club owners, leagues and sponsors on the business of sport in the region. The forum closed with the announcement of three new regional tournaments.',
    category: 'CONFERENCE',
    organizer: 'atlas',
    venue: 'riyadh',
    when: { inDays: -30, at: '09:00' },
    hours: 8,
    tiers: [{ name: 'Delegate', price: 80000, quota: 500 }],
  },
  {
    slug: 'atlas-sports-analytics-day',
    title: 'Atlas Sports Analytics Day',
    description:
      'A one-day meetup on tracking data, scouting models and fan analytics. Programme and speakers to be announced.',
    category: 'CONFERENCE',
    organizer: 'atlas',
    venue: 'newYork',
    when: { inDays: 120, at: '09:00' },
    hours: 8,
    status: 'DRAFT',
    tiers: [{ name: 'Delegate', price: 25000, quota: 300 }],
  },

  // ── FESTIVAL ──
  {
    slug: 'desert-bloom-festival',
    title: 'Desert Bloom Festival',
    description:
      'Three days of music, art installations and food on the Marina waterfront, with four stages running from late afternoon until 2 am. Weekend passes include re-entry on all three days.',
    category: 'FESTIVAL',
    organizer: 'gulf',
    venue: 'dubai',
    when: { inDays: 76, at: '16:00' },
    hours: 58,
    featured: true,
    tiers: [
      { name: 'Day Pass', price: 39500, quota: 2000 },
      { name: 'Weekend Pass', price: 89500, quota: 1500 },
      { name: 'VIP Weekend', tier: VIP, price: 249500, quota: 300, description: 'Viewing decks and lounges.' },
    ],
  },
  {
    slug: 'alexandria-sea-and-sound',
    title: 'Alexandria Sea & Sound Festival',
    description:
      'Two days of electronic and alternative music by the Mediterranean. Sunset sessions on the beach stage, late sets in the amphitheatre.',
    category: 'FESTIVAL',
    organizer: 'nile',
    venue: 'alexandria',
    when: { inDays: 110, at: '15:00' },
    hours: 33,
    tiers: [
      { name: 'Early Bird', price: 60000, quota: 500 },
      { name: 'General', price: 90000, quota: 1500 },
    ],
  },
  {
    slug: 'marrakech-rhythms-festival',
    title: 'Marrakech Rhythms Festival',
    description:
      'Gnawa masters, Amazigh folk and West African guests across three evenings in the Menara Gardens. Daytime workshops in percussion and dance are included with every pass.',
    category: 'FESTIVAL',
    organizer: 'gulf',
    venue: 'marrakech',
    when: { inDays: 130, at: '17:00' },
    hours: 55,
    tiers: [
      { name: 'Festival Pass', price: 45000, quota: 2000 },
      { name: 'VIP Pass', tier: VIP, price: 120000, quota: 250 },
    ],
  },
  {
    slug: 'berlin-winter-stages',
    title: 'Berlin Winter Stages Festival',
    description:
      'A weekend of short plays, cabaret and puppetry from across Europe in the halls of the Spree Congress Centre. Most performances were under an hour, so you could see several in a day.',
    category: 'FESTIVAL',
    organizer: 'thames',
    venue: 'berlin',
    when: { inDays: -45, at: '12:00' },
    hours: 34,
    tiers: [
      { name: 'Day Ticket', price: 2900, quota: 1500 },
      { name: 'Weekend Ticket', price: 4900, quota: 1000 },
    ],
  },

  // ── FAMILY ──
  {
    slug: 'puppet-kingdom',
    title: 'Puppet Kingdom: A Family Adventure',
    description:
      'Giant puppets, shadow play and a runaway dragon in a 70-minute show for ages 3 and up. Children under 2 sit on a lap for free; every seat needs a ticket otherwise.',
    category: 'FAMILY',
    organizer: 'thames',
    venue: 'londonPlayhouse',
    when: { inDays: 20, at: '11:00' },
    hours: 2,
    featured: true,
    tiers: [
      { name: 'Child', price: 1200, quota: 300 },
      { name: 'Adult', price: 1800, quota: 400 },
      { name: 'Family Box', tier: VIP, price: 6000, quota: 20, description: 'Private box for up to four.' },
    ],
  },
  {
    slug: 'riyadh-winter-wonderland-day',
    title: 'Riyadh Winter Wonderland Family Day',
    description:
      'Ice skating, fairground rides and a light parade for the whole family. Rides are included in the ticket; food and games are paid on site.',
    category: 'FAMILY',
    organizer: 'gulf',
    venue: 'riyadh',
    when: { inDays: 66, at: '16:00' },
    hours: 6,
    tiers: [{ name: 'Standard', price: 9000, quota: 2000 }],
  },
  {
    slug: 'cairo-science-circus',
    title: 'Cairo Science Circus',
    description:
      'Explosions, liquid nitrogen and flying robots: a science show disguised as a circus. Children get a lab kit to take home.',
    category: 'FAMILY',
    organizer: 'nile',
    venue: 'cairoArena',
    when: { inDays: 33, at: '10:00' },
    hours: 3,
    tiers: [
      { name: 'Standard', price: 20000, quota: 1500 },
      { name: 'VIP', tier: VIP, price: 45000, quota: 100, description: 'Front rows and backstage tour.' },
    ],
  },
  {
    slug: 'hudson-family-circus',
    title: 'Hudson Family Circus Spectacular',
    description:
      'Acrobats, jugglers and a high-wire act under the arena roof, with no animals in the show. Two hours with an interval; great for ages 4 and up.',
    category: 'FAMILY',
    organizer: 'atlas',
    venue: 'newYork',
    when: { inDays: 95, at: '14:00' },
    hours: 2.5,
    tiers: [
      { name: 'Standard', price: 4500, quota: 2000 },
      { name: 'Ringside', tier: VIP, price: 12000, quota: 200 },
    ],
  },

  // ── EXHIBITION ──
  {
    slug: 'treasures-of-the-nile',
    title: 'Treasures of the Nile: Immersive Exhibition',
    description:
      'Walk through ancient Thebes in a 360° projection show, then see reproductions of the finest pieces from the royal tombs. Guided tours run every hour in Arabic and English.',
    category: 'EXHIBITION',
    organizer: 'nile',
    venue: 'cairoArtHall',
    when: { inDays: 8, at: '10:00' },
    hours: 9,
    tiers: [
      { name: 'Standard', price: 20000, quota: 600 },
      { name: 'Guided Tour', tier: VIP, price: 50000, quota: 60 },
    ],
  },
  {
    slug: 'dubai-future-living-expo',
    title: 'Design Week Dubai: Future Living Expo',
    description:
      'Architects and product designers show what homes in the Gulf could look like in 2050. Includes a materials lab, talks and a design market.',
    category: 'EXHIBITION',
    organizer: 'gulf',
    venue: 'dubai',
    when: { inDays: 48, at: '10:00' },
    hours: 10,
    tiers: [{ name: 'Standard', price: 7500, quota: 2000 }],
  },
  {
    slug: 'berlin-photography-preview',
    title: 'Berlin Photography Biennale: Preview Evening',
    description:
      'An evening preview of the biennale, with the photographers present and a short talk at 19:00. Drinks are served in the foyer.',
    category: 'EXHIBITION',
    organizer: 'thames',
    venue: 'berlin',
    when: { inDays: 38, at: '18:00' },
    hours: 4,
    tiers: [{ name: 'Standard', price: 1500, quota: 1000 }],
  },
  {
    slug: 'atlas-sports-hall-of-fame',
    title: 'Atlas Sports Hall of Fame Exhibition',
    description:
      'Shirts, boots and trophies from a century of North African sport, with the stories of the athletes who wore them. The opening day included signings by three former internationals.',
    category: 'EXHIBITION',
    organizer: 'atlas',
    venue: 'marrakech',
    when: { inDays: -5, at: '10:00' },
    hours: 8,
    tiers: [{ name: 'Standard', price: 5000, quota: 1500 }],
  },
];

const CUSTOMERS: (PersonSpec & { mobile: string })[] = [
  {
    firstName: 'Mariam',
    lastName: 'Hassan',
    mobile: '+201000000001',
    email: 'mariam.hassan@mail.test',
    emergencyContact: 'Hassan Ali (father) +201001234567',
    bloodType: 'O+',
  },
  { firstName: 'Ahmed', lastName: 'Farouk', mobile: '+201000000002', bloodType: 'A+' },
  {
    firstName: 'Sara',
    lastName: 'Al-Mansouri',
    mobile: '+201000000003',
    email: 'sara.almansouri@mail.test',
    emergencyContact: 'Khalid Al-Mansouri (brother) +971501234567',
  },
  { firstName: 'Oliver', lastName: 'Bennett', mobile: '+201000000004', email: 'oliver.bennett@mail.test' },
  { firstName: 'Priya', lastName: 'Raman', mobile: '+201000000005', bloodType: 'B+' },
  { firstName: 'Mehdi', lastName: 'El Amrani', mobile: '+201000000006' },
  {
    firstName: 'Hannah',
    lastName: 'Schmidt',
    mobile: '+201000000007',
    email: 'hannah.schmidt@mail.test',
    emergencyContact: 'Jonas Schmidt (partner) +4915112345678',
    bloodType: 'AB-',
  },
  { firstName: 'Carlos', lastName: 'Mendoza', mobile: '+201000000008' },
  {
    firstName: 'Aisha',
    lastName: 'Bello',
    mobile: '+201000000009',
    emergencyContact: 'Ngozi Bello (mother) +2348031234567',
  },
  { firstName: 'Kenji', lastName: 'Watanabe', mobile: '+201000000010', email: 'kenji.watanabe@mail.test' },
  { firstName: 'Nour', lastName: 'Khalil', mobile: '+201000000011', bloodType: 'O-' },
  { firstName: 'Lucas', lastName: 'Moreau', mobile: '+201000000012', email: 'lucas.moreau@mail.test' },
];

const MERCHANTS: (PersonSpec & { mobile: string; note: string })[] = [
  {
    firstName: 'Tarek',
    lastName: 'Nabil',
    mobile: '+201000000201',
    email: 'tarek@kiosk.test',
    note: 'Card kiosk at Nile Garden; issued most demo NFC cards',
  },
  {
    firstName: 'Salma',
    lastName: 'Idrissi',
    mobile: '+212600000202',
    email: 'salma@kiosk.test',
    note: 'Card kiosk in Marrakech; issued the blocked card',
  },
];

const ADMIN: PersonSpec & { email: string } = { firstName: 'Dina', lastName: 'Soliman', email: 'admin@admit.test' };
/** The other admin sub-roles (issue 3): an admin (no admin management) and support (read-only). */
const OTHER_ADMINS: (PersonSpec & { email: string; level: 'ADMIN' | 'SUPPORT' })[] = [
  { firstName: 'Youssef', lastName: 'Kamel', email: 'ops@admit.test', level: 'ADMIN' },
  { firstName: 'Laila', lastName: 'Ashraf', email: 'support@admit.test', level: 'SUPPORT' },
];
const PRACTITIONER: PersonSpec & { email: string } = {
  firstName: 'Nadia',
  lastName: 'Rahman',
  email: 'dr.nadia@admit.test',
};

interface UsherSpec extends PersonSpec {
  username: string;
  organizer: OrgKey;
  /** [event slug, gate name] */
  assignments: [string, string][];
}

/** scans today's event against the "VIP lounge" check-in list instead of the main entrance */
const LOUNGE_USHER = 'usher.karim';

const USHERS: UsherSpec[] = [
  {
    username: 'usher.amira',
    firstName: 'Amira',
    lastName: 'Fathy',
    organizer: 'nile',
    assignments: [
      [DEMO_TODAY_EVENT_SLUG, 'Gate A'],
      ['laugh-out-loud-cairo', 'Gate A'],
    ],
  },
  {
    username: 'usher.omar',
    firstName: 'Omar',
    lastName: 'Adel',
    organizer: 'nile',
    assignments: [
      [DEMO_TODAY_EVENT_SLUG, 'Gate B'],
      ['cairo-oud-strings-recital', 'Gate B'],
    ],
  },
  {
    username: 'usher.karim',
    firstName: 'Karim',
    lastName: 'Mansour',
    organizer: 'nile',
    assignments: [
      [DEMO_TODAY_EVENT_SLUG, 'VIP Entrance'],
      ['alexandria-mediterranean-nights', 'Gate A'],
      ['treasures-of-the-nile', 'Main Entrance'],
    ],
  },
  {
    username: 'usher.layla',
    firstName: 'Layla',
    lastName: 'Haddad',
    organizer: 'gulf',
    assignments: [
      ['gulf-beats-arena-tour-dubai', 'North Gate'],
      ['desert-bloom-festival', 'VIP Entrance'],
    ],
  },
  {
    username: 'usher.james',
    firstName: 'James',
    lastName: 'Whitfield',
    organizer: 'thames',
    assignments: [
      ['hamlet-on-the-thames', 'Main Entrance'],
      ['the-last-ferry-preview', 'Main Entrance'],
      ['shoreditch-late-laughs', 'Main Door'],
      ['the-glass-orchard', 'Main Entrance'],
      ['berlin-winter-stages', 'Hall Entrance'],
    ],
  },
  {
    username: 'usher.youssef',
    firstName: 'Youssef',
    lastName: 'Tazi',
    organizer: 'atlas',
    assignments: [
      ['cairo-derby-nile-fc-pharaohs-united', 'North Gate'],
      ['atlas-cup-final', 'North Gate'],
      ['atlas-sports-hall-of-fame', 'South Gate'],
      ['riyadh-sports-business-forum', 'Gate A'],
    ],
  },
];

interface CardSpec {
  uid: string;
  /** 1-based customer number, or null for a card still in the merchant's stock */
  customer: number | null;
  merchant: number;
  status: NfcCardStatus;
}

const NFC_CARDS: CardSpec[] = [
  { uid: '04A3F21B6C5E80', customer: 1, merchant: 1, status: 'ACTIVE' },
  { uid: '047B19D2E4A6C1', customer: 2, merchant: 1, status: 'ACTIVE' },
  { uid: '04C85E0F3B9D72', customer: 3, merchant: 2, status: 'BLOCKED' },
  { uid: '0419E6A7D2C4B8', customer: 5, merchant: 2, status: 'ACTIVE' },
  { uid: '04F0D3816A2E59', customer: null, merchant: 1, status: 'ACTIVE' },
];

interface ScanSpec {
  /** how many of this order's tickets were admitted (first n) */
  count: number;
  usher: string;
  method?: ScanMethod;
  /** card UID for NFC scans */
  card?: string;
  /** minutes after the event start of the first scan (negative: before doors/start) */
  atMinutes: number;
  /** also log a refused second scan of the first admitted ticket */
  rescan?: { usher: string; afterMinutes: number };
}

interface OrderSpec {
  customer: number;
  event: string;
  items: [string, number][];
  scans?: ScanSpec;
  /** ticket labels shown to ushers (issue 6), on the order's first ticket */
  labels?: string[];
}

const ORDERS: OrderSpec[] = [
  // today: customer 1 keeps both tickets unscanned so an usher can admit them in the demo
  {
    customer: 1,
    event: DEMO_TODAY_EVENT_SLUG,
    items: [
      ['Standard', 1],
      ['VIP', 1],
    ],
    labels: ['Wheelchair access'],
  },
  {
    customer: 2,
    event: DEMO_TODAY_EVENT_SLUG,
    items: [['Standard', 2]],
    scans: { count: 1, usher: 'usher.amira', method: 'NFC', card: '047B19D2E4A6C1', atMinutes: -20 },
  },
  {
    customer: 3,
    event: DEMO_TODAY_EVENT_SLUG,
    items: [['Standard', 1]],
    scans: { count: 1, usher: 'usher.amira', atMinutes: -12, rescan: { usher: 'usher.omar', afterMinutes: 25 } },
  },
  {
    customer: 4,
    event: DEMO_TODAY_EVENT_SLUG,
    items: [['VIP', 2]],
    scans: { count: 2, usher: 'usher.omar', atMinutes: 5 },
    labels: ['Press'],
  },
  { customer: 5, event: DEMO_TODAY_EVENT_SLUG, items: [['Standard', 4]], labels: ['Family with children'] },
  { customer: 9, event: DEMO_TODAY_EVENT_SLUG, items: [['Standard', 2]] },

  // upcoming
  { customer: 1, event: 'hamlet-on-the-thames', items: [['Stalls', 2]] },
  { customer: 1, event: 'cairo-derby-nile-fc-pharaohs-united', items: [['Main Stand', 3]] },
  { customer: 3, event: 'gulf-beats-arena-tour-dubai', items: [['VIP', 2]] },
  { customer: 5, event: 'desert-bloom-festival', items: [['Weekend Pass', 2]] },
  { customer: 6, event: 'marrakech-atlas-marathon', items: [['Full Marathon Entry', 1]] },
  { customer: 7, event: 'stagecraft-europe', items: [['Early Bird', 1]] },
  { customer: 8, event: 'new-york-boxing-night', items: [['Standard', 2]] },
  { customer: 8, event: 'hudson-family-circus', items: [['Standard', 4]] },
  {
    customer: 9,
    event: 'puppet-kingdom',
    items: [
      ['Child', 2],
      ['Adult', 2],
    ],
  },
  { customer: 10, event: 'riyadh-padel-masters-final', items: [['Standard', 2]] },
  { customer: 11, event: 'alexandria-mediterranean-nights', items: [['Early Bird', 2]] },
  { customer: 11, event: 'the-cairo-trilogy-stage', items: [['Standard', 2]] },
  { customer: 12, event: 'treasures-of-the-nile', items: [['Guided Tour', 2]] },
  { customer: 2, event: 'laugh-out-loud-cairo', items: [['Front Row', 2]] },
  { customer: 4, event: 'dubai-comedy-nights', items: [['Standard', 3]] },

  // sold out: Shoreditch Late Laughs (Standard 8, Front Row 4)
  { customer: 4, event: 'shoreditch-late-laughs', items: [['Standard', 3]] },
  {
    customer: 7,
    event: 'shoreditch-late-laughs',
    items: [
      ['Standard', 2],
      ['Front Row', 2],
    ],
  },
  { customer: 9, event: 'shoreditch-late-laughs', items: [['Standard', 3]] },
  { customer: 12, event: 'shoreditch-late-laughs', items: [['Front Row', 2]] },

  // sold out: The Last Ferry (Standard 6, VIP 4)
  { customer: 1, event: 'the-last-ferry-preview', items: [['Standard', 2]] },
  {
    customer: 6,
    event: 'the-last-ferry-preview',
    items: [
      ['Standard', 2],
      ['VIP', 2],
    ],
  },
  { customer: 10, event: 'the-last-ferry-preview', items: [['Standard', 2]] },
  { customer: 11, event: 'the-last-ferry-preview', items: [['VIP', 2]] },

  // past, mostly admitted
  {
    customer: 1,
    event: 'cairo-oud-strings-recital',
    items: [['Standard', 2]],
    scans: { count: 2, usher: 'usher.omar', atMinutes: -25 },
  },
  {
    customer: 6,
    event: 'atlas-cup-final',
    items: [['Standard', 2]],
    scans: { count: 2, usher: 'usher.youssef', atMinutes: -70 },
  },
  {
    customer: 7,
    event: 'berlin-winter-stages',
    items: [['Weekend Ticket', 2]],
    scans: { count: 2, usher: 'usher.james', atMinutes: 15 },
  },
  {
    customer: 10,
    event: 'riyadh-sports-business-forum',
    items: [['Delegate', 1]],
    scans: { count: 1, usher: 'usher.youssef', atMinutes: -30 },
  },
  {
    customer: 11,
    event: 'the-glass-orchard',
    items: [['Premium Stalls', 2]],
    scans: { count: 1, usher: 'usher.james', atMinutes: -15 },
  },
  {
    customer: 12,
    event: 'atlas-sports-hall-of-fame',
    items: [['Standard', 3]],
    scans: { count: 3, usher: 'usher.youssef', atMinutes: 40 },
  },
];

/** A refused scan of the blocked card at today's event, so the gate log shows a failure too. */
const BLOCKED_CARD_SCAN = { usher: 'usher.omar', card: '04C85E0F3B9D72', atMinutes: 30 } as const;

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  ...CUSTOMERS.map((c, i) => ({
    role: 'CUSTOMER' as const,
    login: c.mobile,
    password: PASSWORDS.CUSTOMER,
    note:
      i === 0
        ? `${c.firstName} ${c.lastName}: 2 unscanned tickets for today's event (${DEMO_TODAY_EVENT_SLUG}), NFC card ${NFC_CARDS[0]!.uid}, tickets to past and upcoming events`
        : `${c.firstName} ${c.lastName}`,
  })),
  ...USHERS.map((u) => ({
    role: 'USHER' as const,
    login: u.username,
    password: PASSWORDS.USHER,
    note: `${u.firstName} ${u.lastName} (${ORGANIZERS.find((o) => o.key === u.organizer)!.name}): ${u.assignments
      .map(
        ([slug, gate]) =>
          `${slug} @ ${gate}${u.username === LOUNGE_USHER && slug === DEMO_TODAY_EVENT_SLUG ? ' (VIP lounge list)' : ''}`,
      )
      .join(', ')}`,
  })),
  ...ORGANIZERS.map((o) => ({
    role: 'ORGANIZER' as const,
    login: o.user.mobile,
    password: PASSWORDS.ORGANIZER,
    note: `${o.user.firstName} ${o.user.lastName}, staff of ${o.name} (${o.slug})`,
  })),
  ...MERCHANTS.map((m) => ({
    role: 'MERCHANT' as const,
    login: m.mobile,
    password: PASSWORDS.MERCHANT,
    note: `${m.firstName} ${m.lastName}: ${m.note}`,
  })),
  {
    role: 'ADMIN' as const,
    login: ADMIN.email,
    password: PASSWORDS.ADMIN,
    note: `${ADMIN.firstName} ${ADMIN.lastName}, super admin`,
  },
  ...OTHER_ADMINS.map((a) => ({
    role: 'ADMIN' as const,
    login: a.email,
    password: PASSWORDS.ADMIN,
    note: `${a.firstName} ${a.lastName}, ${a.level === 'ADMIN' ? 'admin (cannot manage admins)' : 'support (read-only)'}`,
  })),
  {
    role: 'PRACTITIONER' as const,
    login: PRACTITIONER.email,
    password: PASSWORDS.PRACTITIONER,
    note: `Dr. ${PRACTITIONER.firstName} ${PRACTITIONER.lastName}, psychologist (e-mail + password, no code)`,
  },
];

// ───────────────────────────── time helpers ─────────────────────────────

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Offset (ms) of `timeZone` from UTC at `instant`. */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wallAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wallAsUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The UTC instant of local wall-clock time `hh:mm` on the venue-local calendar day `days` after `now`. */
function localStart(now: Date, days: number, at: string, timeZone: string): Date {
  const day = new Date(now.getTime() + days * DAY);
  const local = new Date(day.getTime() + zoneOffsetMs(day, timeZone));
  const [hh, mm] = at.split(':').map(Number) as [number, number];
  const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hh, mm);
  let t = wall - zoneOffsetMs(new Date(wall), timeZone);
  t = wall - zoneOffsetMs(new Date(t), timeZone); // second pass settles DST transitions
  return new Date(t);
}

// ───────────────────────────── building ─────────────────────────────

function uniqueGenerator(make: () => string): () => string {
  const seen = new Set<string>();
  return () => {
    for (;;) {
      const value = make();
      if (!seen.has(value)) {
        seen.add(value);
        return value;
      }
    }
  };
}

function fullName(p: PersonSpec): string {
  return `${p.firstName} ${p.lastName}`;
}

export async function seedDemoWorld(
  db: Db,
  opts: { now?: Date; log?: (msg: string) => void } = {},
): Promise<{ created: boolean }> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? new Date();
  const started = Date.now();

  if (await db.organizer.findUnique({ where: { slug: DEMO_MARKER_ORGANIZER_SLUG }, select: { id: true } })) {
    log(`Demo world already present (organizer '${DEMO_MARKER_ORGANIZER_SLUG}'); nothing to do.`);
    return { created: false };
  }

  const mobiles = [...CUSTOMERS, ...MERCHANTS, ...ORGANIZERS.map((o) => o.user)].map((p) => p.mobile);
  const usernames = USHERS.map((u) => u.username);
  const emails = [...CUSTOMERS, ...MERCHANTS, ...ORGANIZERS.map((o) => o.user), ADMIN, ...OTHER_ADMINS, PRACTITIONER]
    .map((p) => p.email)
    .filter((e): e is string => !!e);
  const clash = await db.user.findFirst({
    where: { OR: [{ mobile: { in: mobiles } }, { username: { in: usernames } }, { email: { in: emails } }] },
    select: { mobile: true, username: true, email: true },
  });
  if (clash) {
    throw new Error(
      `Cannot seed the demo world: an account already uses ${clash.mobile ?? clash.username ?? clash.email}`,
    );
  }

  // Hash each distinct password once (argon2id is deliberately slow).
  const hashEntries = await Promise.all(
    (Object.keys(PASSWORDS) as PasswordRole[]).map(async (role) => [role, await hashPassword(PASSWORDS[role])]),
  );
  const hashes = Object.fromEntries(hashEntries) as Record<PasswordRole, string>;

  const newOrderCode = uniqueGenerator(() => randomReference('ADM', 6));
  const newTicketRef = uniqueGenerator(() => randomReference('T'));
  const newSecret = uniqueGenerator(() => randomSecret());
  const newProviderRef = uniqueGenerator(() => `offpi_${randomSecret()}`);

  // organizers & venues
  const organizerIds = new Map<OrgKey, string>();
  const organizers: Prisma.OrganizerCreateManyInput[] = ORGANIZERS.map((o, i) => {
    const id = randomUUID();
    organizerIds.set(o.key, id);
    return {
      id,
      name: o.name,
      slug: o.slug,
      contactEmail: o.contactEmail,
      contactPhone: o.contactPhone,
      createdAt: new Date(now.getTime() - (540 - i * 30) * DAY),
    };
  });

  const venueIds = new Map<VenueKey, string>();
  const gateIds = new Map<string, string>(); // `${venueKey}/${gateName}` → id
  const venues: Prisma.VenueCreateManyInput[] = [];
  const gates: Prisma.GateCreateManyInput[] = [];
  for (const [i, v] of VENUES.entries()) {
    const id = randomUUID();
    venueIds.set(v.key, id);
    venues.push({
      id,
      name: v.name,
      address: v.address,
      city: v.city,
      country: v.country,
      timeZone: v.timeZone,
      capacity: v.capacity,
      createdAt: new Date(now.getTime() - (500 - i * 7) * DAY),
    });
    for (const name of v.gates) {
      const gateId = randomUUID();
      gateIds.set(`${v.key}/${name}`, gateId);
      gates.push({ id: gateId, venueId: id, name });
    }
  }

  // users
  const users: Prisma.UserCreateManyInput[] = [];
  const person = (
    p: PersonSpec,
    role: PasswordRole,
    createdDaysAgo: number,
    extra: Partial<Prisma.UserCreateManyInput>,
  ) => {
    const id = randomUUID();
    const createdAt = new Date(now.getTime() - createdDaysAgo * DAY);
    users.push({
      id,
      role,
      status: 'ACTIVE',
      mobile: p.mobile ?? null,
      email: p.email?.toLowerCase() ?? null,
      passwordHash: hashes[role],
      firstName: p.firstName,
      lastName: p.lastName,
      emergencyContact: p.emergencyContact ?? null,
      bloodType: p.bloodType ?? null,
      createdAt,
      updatedAt: createdAt,
      ...extra,
    });
    return id;
  };
  for (const [i, o] of ORGANIZERS.entries()) {
    person(o.user, 'ORGANIZER', 530 - i * 30, { organizerId: organizerIds.get(o.key)! });
  }
  const customerIds = CUSTOMERS.map((c, i) => person(c, 'CUSTOMER', 400 - i * 22, {}));
  const merchantIds = MERCHANTS.map((m, i) => person(m, 'MERCHANT', 450 - i * 40, {}));
  person(ADMIN, 'ADMIN', 600, { adminLevel: 'SUPER_ADMIN' });
  for (const [i, a] of OTHER_ADMINS.entries()) person(a, 'ADMIN', 420 - i * 50, { adminLevel: a.level });
  person(PRACTITIONER, 'PRACTITIONER', 200, {});
  const usherIds = new Map<string, string>();
  for (const [i, u] of USHERS.entries()) {
    usherIds.set(
      u.username,
      person(u, 'USHER', 300 - i * 10, { username: u.username, organizerId: organizerIds.get(u.organizer)! }),
    );
  }

  // events & ticket categories
  interface BuiltEvent {
    spec: EventSpec;
    id: string;
    venue: VenueSpec;
    startsAt: Date;
    categories: Map<string, Prisma.TicketCategoryCreateManyInput & { id: string; reserved: number }>;
  }
  const builtEvents = new Map<string, BuiltEvent>();
  const events: Prisma.EventCreateManyInput[] = [];
  const categories: (Prisma.TicketCategoryCreateManyInput & { id: string; reserved: number })[] = [];
  for (const spec of EVENTS) {
    const venue = VENUES.find((v) => v.key === spec.venue)!;
    let startsAt: Date;
    let endsAt: Date;
    if (spec.when === 'today') {
      const minute = Math.floor(now.getTime() / MINUTE) * MINUTE;
      startsAt = new Date(minute - HOUR);
      endsAt = new Date(minute + 5 * HOUR);
    } else {
      startsAt = localStart(now, spec.when.inDays, spec.when.at, venue.timeZone);
      endsAt = new Date(startsAt.getTime() + spec.hours * HOUR);
    }
    const keys = newEventKeyPair();
    const id = randomUUID();
    const createdAt = new Date(Math.min(now.getTime(), startsAt.getTime()) - (75 + (events.length % 5) * 9) * DAY);
    events.push({
      id,
      organizerId: organizerIds.get(spec.organizer)!,
      venueId: venueIds.get(spec.venue)!,
      slug: spec.slug,
      title: spec.title,
      description: spec.description,
      category: spec.category,
      status: spec.status ?? 'PUBLISHED',
      featured: spec.featured ?? false,
      imageUrl: null,
      startsAt,
      endsAt,
      capacity: venue.capacity,
      scanningEnabled: true,
      signingSeed: keys.seed,
      signingPublicKey: keys.publicKey,
      createdAt,
      updatedAt: createdAt,
    });
    const byName = new Map<string, Prisma.TicketCategoryCreateManyInput & { id: string; reserved: number }>();
    for (const [sortOrder, t] of spec.tiers.entries()) {
      const row = {
        id: randomUUID(),
        eventId: id,
        name: t.name,
        tier: t.tier ?? 'STANDARD',
        description: t.description ?? null,
        priceMinor: t.price,
        currency: venue.currency,
        quota: t.quota,
        reserved: 0,
        maxPerOrder: Math.min(10, t.quota),
        sortOrder,
      };
      byName.set(t.name, row);
      categories.push(row);
    }
    builtEvents.set(spec.slug, { spec, id, venue, startsAt, categories: byName });
  }

  // usher assignments
  const assignments: Prisma.UsherAssignmentCreateManyInput[] = [];
  const assignedGate = new Map<string, string>(); // `${username}/${slug}` → gate id
  for (const u of USHERS) {
    for (const [slug, gateName] of u.assignments) {
      const ev = builtEvents.get(slug);
      const gateId = ev && gateIds.get(`${ev.venue.key}/${gateName}`);
      if (!ev || !gateId) throw new Error(`seed data: bad assignment ${u.username} → ${slug} @ ${gateName}`);
      assignedGate.set(`${u.username}/${slug}`, gateId);
      assignments.push({
        id: randomUUID(),
        usherId: usherIds.get(u.username)!,
        eventId: ev.id,
        gateId,
        createdAt: new Date(Math.min(now.getTime(), ev.startsAt.getTime()) - 7 * DAY),
      });
    }
  }

  // a second check-in list for today's event: the VIP lounge (re-entry after exit, VIP only),
  // checked by the usher at the VIP entrance
  const todayEvent = builtEvents.get(DEMO_TODAY_EVENT_SLUG)!;
  const loungeList: Prisma.CheckInListCreateManyInput = {
    id: randomUUID(),
    eventId: todayEvent.id,
    name: 'VIP lounge',
    entryPolicy: 'REENTRY_AFTER_EXIT',
    ticketCategoryIds: [...todayEvent.categories.values()].filter((c) => c.tier === 'VIP').map((c) => c.id),
  };
  for (const a of assignments) {
    if (a.eventId === todayEvent.id && a.usherId === usherIds.get(LOUNGE_USHER)) a.checkInListId = loungeList.id;
  }
  // people attending with the demo customer (shown to ushers with her ticket)
  const dependents: Prisma.DependentCreateManyInput[] = [
    { firstName: 'Youssef', lastName: 'Hassan', relationship: 'Son', dateOfBirth: new Date('2016-04-12') },
    { firstName: 'Laila', lastName: 'Hassan', relationship: 'Daughter', dateOfBirth: new Date('2019-09-03') },
  ].map((d, i) => ({
    id: randomUUID(),
    customerId: customerIds[0]!,
    createdAt: new Date(now.getTime() - 30 * DAY + i * MINUTE),
    ...d,
  }));

  // NFC cards
  const cardIds = new Map<string, string>();
  const cards: Prisma.NfcCardCreateManyInput[] = NFC_CARDS.map((c, i) => {
    if (!/^04[0-9A-F]{12}$/.test(c.uid)) throw new Error(`seed data: bad card uid ${c.uid}`);
    const id = randomUUID();
    cardIds.set(c.uid, id);
    return {
      id,
      uid: c.uid,
      status: c.status,
      customerId: c.customer ? customerIds[c.customer - 1]! : null,
      merchantId: merchantIds[c.merchant - 1]!,
      assignedAt: c.customer ? new Date(now.getTime() - (90 - i * 12) * DAY) : null,
      createdAt: new Date(now.getTime() - 120 * DAY),
    };
  });

  // orders, lines, payments, tickets, check-ins
  const orders: Prisma.OrderCreateManyInput[] = [];
  const lines: Prisma.OrderLineCreateManyInput[] = [];
  const payments: Prisma.PaymentCreateManyInput[] = [];
  const tickets: (Prisma.TicketCreateManyInput & { id: string })[] = [];
  const checkIns: Prisma.CheckInCreateManyInput[] = [];

  const scanGate = (username: string, slug: string) => {
    const gateId = assignedGate.get(`${username}/${slug}`);
    if (!gateId) throw new Error(`seed data: ${username} is not assigned to ${slug}`);
    return gateId;
  };

  for (const [i, o] of ORDERS.entries()) {
    const ev = builtEvents.get(o.event);
    if (!ev) throw new Error(`seed data: unknown event ${o.event}`);
    const customer = CUSTOMERS[o.customer - 1]!;
    const customerId = customerIds[o.customer - 1]!;
    const attendeeName = fullName(customer);
    const createdAt = new Date(
      Math.min(now.getTime(), ev.startsAt.getTime()) - (2 + (i % 9)) * DAY - (i % 7) * HOUR - 13 * MINUTE,
    );
    const paidAt = new Date(createdAt.getTime() + 2 * MINUTE);
    const orderId = randomUUID();
    const orderTickets: (Prisma.TicketCreateManyInput & { id: string })[] = [];
    let total = 0;
    let currency = '';
    for (const [name, quantity] of o.items) {
      const cat = ev.categories.get(name);
      if (!cat) throw new Error(`seed data: ${o.event} has no category ${name}`);
      if (cat.reserved + quantity > cat.quota) throw new Error(`seed data: ${o.event}/${name} oversold`);
      cat.reserved += quantity;
      currency = cat.currency;
      const lineId = randomUUID();
      const lineTotal = quantity * cat.priceMinor;
      total += lineTotal;
      lines.push({
        id: lineId,
        orderId,
        kind: 'EVENT_TICKET',
        description: `${ev.spec.title}: ${name}`,
        ticketCategoryId: cat.id,
        quantity,
        unitPriceMinor: cat.priceMinor,
        totalMinor: lineTotal,
      });
      for (let n = 0; n < quantity; n++) {
        orderTickets.push({
          id: randomUUID(),
          reference: newTicketRef(),
          orderId,
          orderLineId: lineId,
          eventId: ev.id,
          ticketCategoryId: cat.id,
          holderId: customerId,
          attendeeName,
          status: 'VALID',
          secret: newSecret(),
          checkedInAt: null,
          labels: orderTickets.length === 0 ? (o.labels ?? []) : [],
          createdAt: paidAt,
        });
      }
    }
    orders.push({
      id: orderId,
      code: newOrderCode(),
      customerId,
      status: 'PAID',
      currency,
      totalMinor: total,
      expiresAt: new Date(createdAt.getTime() + 15 * MINUTE),
      paidAt,
      createdAt,
      updatedAt: paidAt,
    });
    payments.push({
      id: randomUUID(),
      orderId,
      provider: 'OFFLINE',
      providerRef: newProviderRef(),
      status: 'SUCCEEDED',
      amountMinor: total,
      currency,
      createdAt: new Date(createdAt.getTime() + MINUTE),
      updatedAt: paidAt,
    });

    if (o.scans) {
      const s = o.scans;
      const gateId = scanGate(s.usher, o.event);
      const method = s.method ?? 'QR';
      for (const [n, t] of orderTickets.slice(0, s.count).entries()) {
        const scannedAt = new Date(ev.startsAt.getTime() + (s.atMinutes + n * 2) * MINUTE);
        if (scannedAt >= now) throw new Error(`seed data: scan in the future for ${o.event}`);
        t.checkedInAt = scannedAt;
        t.entries = 1;
        t.inside = true;
        checkIns.push(
          scanRow(ev.id, usherIds.get(s.usher)!, gateId, method, 'VALID', scannedAt, {
            ticketId: t.id,
            cardId: s.card ? cardIds.get(s.card)! : null,
            codeRef: s.card ?? t.reference,
            attendeeName,
            deviceId: `evs-${s.usher.split('.')[1]}`,
          }),
        );
      }
      const first = orderTickets[0];
      if (s.rescan && first?.checkedInAt) {
        const scannedAt = new Date((first.checkedInAt as Date).getTime() + s.rescan.afterMinutes * MINUTE);
        if (scannedAt >= now) throw new Error(`seed data: scan in the future for ${o.event}`);
        checkIns.push(
          scanRow(
            ev.id,
            usherIds.get(s.rescan.usher)!,
            scanGate(s.rescan.usher, o.event),
            'QR',
            'ALREADY_SCANNED',
            scannedAt,
            {
              ticketId: first.id,
              codeRef: first.reference,
              attendeeName,
              reason: 'ALREADY_SCANNED',
              deviceId: `evs-${s.rescan.usher.split('.')[1]}`,
            },
          ),
        );
      }
    }
    tickets.push(...orderTickets);
  }

  {
    const today = builtEvents.get(DEMO_TODAY_EVENT_SLUG)!;
    const card = NFC_CARDS.find((c) => c.uid === BLOCKED_CARD_SCAN.card)!;
    const holder = card.customer ? CUSTOMERS[card.customer - 1] : undefined;
    checkIns.push(
      scanRow(
        today.id,
        usherIds.get(BLOCKED_CARD_SCAN.usher)!,
        scanGate(BLOCKED_CARD_SCAN.usher, DEMO_TODAY_EVENT_SLUG),
        'NFC',
        'INVALID',
        new Date(today.startsAt.getTime() + BLOCKED_CARD_SCAN.atMinutes * MINUTE),
        {
          cardId: cardIds.get(card.uid)!,
          codeRef: card.uid,
          attendeeName: holder ? fullName(holder) : null,
          reason: 'CARD_BLOCKED',
          deviceId: `evs-${BLOCKED_CARD_SCAN.usher.split('.')[1]}`,
        },
      ),
    );
  }

  for (const ev of builtEvents.values()) {
    if (!ev.spec.soldOut) continue;
    for (const cat of ev.categories.values()) {
      if (cat.reserved !== cat.quota) throw new Error(`seed data: ${ev.spec.slug}/${cat.name} is not sold out`);
    }
  }
  const built = Date.now();

  await db.$transaction(
    async (tx) => {
      await tx.organizer.createMany({ data: organizers });
      await tx.venue.createMany({ data: venues });
      await tx.gate.createMany({ data: gates });
      await tx.user.createMany({ data: users });
      await tx.event.createMany({ data: events });
      await tx.ticketCategory.createMany({ data: categories });
      await tx.nfcCard.createMany({ data: cards });
      await tx.checkInList.createMany({ data: [loungeList] });
      await tx.dependent.createMany({ data: dependents });
      await tx.usherAssignment.createMany({ data: assignments });
      await tx.order.createMany({ data: orders });
      await tx.orderLine.createMany({ data: lines });
      await tx.payment.createMany({ data: payments });
      await tx.ticket.createMany({ data: tickets });
      await tx.checkIn.createMany({ data: checkIns });
      // the books: PAYMENT postings of the paid orders, company records, a paid payout
      await seedDemoBooks(tx, { now, adminEmail: ADMIN.email, paidPayoutEventSlug: 'cairo-oud-strings-recital' });
      // LuxeWin raffles (issue 8): two open (one with entries sold), one draft
      await seedDemoRaffles(tx, { now, customerIds });
      await seedDemoCustomerExtras(tx, { now, customerIds });
      await seedDemoMerchant(tx, { now });
      await seedDemoNfc(tx, { now });
      await seedDemoOrganizer(tx, { now });
      await seedDemoSeating(tx, { now, customerIds });
    },
    { maxWait: 10_000, timeout: 60_000 },
  );

  log(
    `Seeded demo world in ${Date.now() - started} ms (hashing+building ${built - started} ms): ` +
      `${organizers.length} organizers, ${venues.length} venues, ${gates.length} gates, ${users.length} users, ` +
      `${events.length} events, ${categories.length} ticket categories, ${orders.length} orders, ` +
      `${tickets.length} tickets, ${cards.length} NFC cards, ${assignments.length} usher assignments, ` +
      `${checkIns.length} check-ins. Today's event: ${DEMO_TODAY_EVENT_SLUG}.`,
  );
  return { created: true };
}

function scanRow(
  eventId: string,
  usherId: string,
  gateId: string,
  method: ScanMethod,
  result: CheckInResult,
  scannedAt: Date,
  extra: Partial<Prisma.CheckInCreateManyInput> & { codeRef: string },
): Prisma.CheckInCreateManyInput {
  return {
    id: randomUUID(),
    eventId,
    usherId,
    gateId,
    method,
    result,
    scannedAt,
    recordedAt: new Date(scannedAt.getTime() + 1000),
    ...extra,
  };
}
