/**
 * A fake drand relay for tests (MSW): serves `GET {base}/{quicknet chain hash}/public/{round}` from a
 * map of beacons (the REAL published beacons of server/test/fixtures/drand-quicknet.json, or a
 * tampered copy), 404 for rounds it does not have, like the public relays for a future round.
 */
import { readFileSync } from 'node:fs';
import { QUICKNET, type QuicknetBeacon } from '@admit/shared/raffle-draw/index';
import { HttpResponse, http } from 'msw';

export const DRAND_TEST_URL = 'https://drand.test';

export interface RealBeacon extends QuicknetBeacon {
  source: string;
}

/** The real quicknet beacons of the fixture file. */
export function realQuicknetBeacons(): RealBeacon[] {
  const file = new URL('./fixtures/drand-quicknet.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { beacons: RealBeacon[] }).beacons;
}

export class FakeDrand {
  readonly beacons = new Map<number, QuicknetBeacon>();
  requests: number[] = [];
  /** answer every request with HTTP 500 (relay down) */
  down = false;

  serve(beacon: QuicknetBeacon): this {
    this.beacons.set(beacon.round, beacon);
    return this;
  }

  get handlers() {
    return [
      http.get(`${DRAND_TEST_URL}/:chain/public/:round`, ({ params }) => {
        const round = Number(params.round);
        this.requests.push(round);
        if (this.down) return HttpResponse.json({ error: 'down' }, { status: 500 });
        if (params.chain !== QUICKNET.chainHash) return HttpResponse.json({ error: 'unknown chain' }, { status: 404 });
        const b = this.beacons.get(round);
        if (!b) return HttpResponse.json({ error: 'Requested round is in the future' }, { status: 404 });
        return HttpResponse.json({ round: b.round, randomness: b.randomness, signature: b.signature });
      }),
    ];
  }
}
