import { Money } from '@admit/ui';
import type { ReactNode } from 'react';

/** One line of an order: what was bought, how many, the unit price and the line total (minor units). */
export interface OrderLine {
  id: string;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  totalMinor: number;
}

/**
 * The lines of an order as a table (item, quantity, unit price, total), as the checkout and the
 * order page show them; amounts in `currency`. `footer` is an optional `<tfoot>` (e.g. the total).
 */
export function OrderLines({
  lines,
  currency,
  footer,
}: {
  lines: readonly OrderLine[];
  currency: string;
  footer?: ReactNode;
}) {
  return (
    <table className="lines">
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" className="num">
            Qty
          </th>
          <th scope="col" className="num">
            Price
          </th>
          <th scope="col" className="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.id}>
            <td>{l.description}</td>
            <td className="num">{l.quantity}</td>
            <td className="num">
              <Money amountMinor={l.unitPriceMinor} currency={currency} />
            </td>
            <td className="num">
              <Money amountMinor={l.totalMinor} currency={currency} />
            </td>
          </tr>
        ))}
      </tbody>
      {footer}
    </table>
  );
}
