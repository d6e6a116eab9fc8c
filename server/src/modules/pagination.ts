import type { TPage } from '@admit/shared';

export interface PageArgs {
  /** 1-based */
  page: number;
  pageSize: number;
}

/** Prisma `skip`/`take` for a 1-based page. */
export const pageWindow = ({ page, pageSize }: PageArgs) => ({ skip: (page - 1) * pageSize, take: pageSize });

/** The page envelope every list procedure returns. */
export function pageOf<T>(items: T[], total: number, { page, pageSize }: PageArgs): TPage<T> {
  return { items, page, pageSize, total, totalPages: Math.ceil(total / pageSize) };
}
