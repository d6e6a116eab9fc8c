/**
 * Client-side mirror of the seat map import format (shared ZSeatMapImport; ADR 0019): expands
 * generated sections into seats for the preview, and turns a stored map back into the import
 * format (explicit rows) for editing as JSON. The server validates again on save.
 */
import { ZSeatMapImport } from '@admit/shared';

export interface PreviewSeat {
  section: string;
  row: string;
  number: string;
  x: number;
  y: number;
  accessible: boolean;
}

export interface GeneratorDraft {
  /** stable React key */
  key: string;
  name: string;
  rows: string;
  seatsPerRow: string;
  originX: string;
  originY: string;
  spacingX: string;
  spacingY: string;
}

let draftSeq = 0;

export const emptyGenerator = (i: number): GeneratorDraft => ({
  key: `section-${++draftSeq}`,
  name: `Section ${i + 1}`,
  rows: '5',
  seatsPerRow: '12',
  originX: String(40 + (i % 3) * 320),
  originY: String(80 + Math.floor(i / 3) * 220),
  spacingX: '24',
  spacingY: '28',
});

/** A, B, … Z, AA, AB … (as the server labels generated rows). */
export function rowLabel(i: number): string {
  let n = i + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

type ImportMap = ReturnType<typeof ZSeatMapImport.parse>;

/** Every seat of an import (generated sections expanded), in map units. */
export function expandImport(map: ImportMap): PreviewSeat[] {
  const seats: PreviewSeat[] = [];
  for (const s of map.sections) {
    if (s.rows) {
      for (const r of s.rows) {
        for (const seat of r.seats) {
          seats.push({
            section: s.name,
            row: r.label,
            number: seat.number,
            x: seat.x,
            y: seat.y,
            accessible: !!seat.accessible,
          });
        }
      }
    } else if (s.generate) {
      const g = s.generate;
      for (let r = 0; r < g.rows; r++) {
        for (let c = 0; c < g.seatsPerRow; c++) {
          seats.push({
            section: s.name,
            row: g.rowLabels === 'numbers' ? String(r + 1) : rowLabel(r),
            number: String(c + 1),
            x: g.origin.x + c * g.spacing.x,
            y: g.origin.y + r * g.spacing.y,
            accessible: false,
          });
        }
      }
    }
  }
  return seats;
}

/** The generator drafts as import sections (numbers parsed; the schema reports bad ones). */
export function generatorSections(drafts: GeneratorDraft[]) {
  return drafts.map((d) => ({
    name: d.name,
    generate: {
      rows: Number(d.rows),
      seatsPerRow: Number(d.seatsPerRow),
      origin: { x: Number(d.originX), y: Number(d.originY) },
      spacing: { x: Number(d.spacingX), y: Number(d.spacingY) },
    },
  }));
}

/** Parses import JSON text: the map, or the first problems (JSON syntax or schema paths). */
export function parseImport(text: string): { map: ImportMap } | { errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { errors: [`Not valid JSON: ${(e as Error).message}`] };
  }
  const parsed = ZSeatMapImport.safeParse(raw);
  if (!parsed.success) {
    return { errors: parsed.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(map)'}: ${i.message}`) };
  }
  return { map: parsed.data };
}

/** A stored map as import JSON (explicit rows), for editing. */
export function toImportJson(map: {
  name: string;
  width: number;
  height: number;
  sections: { name: string; seats: { row: string; number: string; x: number; y: number; accessible: boolean }[] }[];
}): string {
  return JSON.stringify(
    {
      name: map.name,
      width: map.width,
      height: map.height,
      sections: map.sections.map((s) => {
        const rows = new Map<string, { number: string; x: number; y: number; accessible?: boolean }[]>();
        for (const seat of s.seats) {
          const list = rows.get(seat.row) ?? [];
          list.push({ number: seat.number, x: seat.x, y: seat.y, ...(seat.accessible ? { accessible: true } : {}) });
          rows.set(seat.row, list);
        }
        return { name: s.name, rows: [...rows].map(([label, seats]) => ({ label, seats })) };
      }),
    },
    null,
    2,
  );
}

export const SECTION_COLOURS = ['#4b3bf5', '#0f9d58', '#c2410c', '#0e7490', '#a21caf', '#b45309', '#1d4ed8'];
