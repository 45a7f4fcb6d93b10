import { Link } from 'react-router';

/** The receipts this phone got for its code, with what a receipt proves and what it does not show. */
export function ReceiptNote({ receipts, latest }: { receipts: string[]; latest: string | null }) {
  return (
    <section className="ballot-receipts" aria-label="回执号">
      {receipts.map((receipt) => (
        <p
          key={receipt}
          className={receipt === latest ? 'ballot-receipt ballot-receipt-latest' : 'ballot-receipt'}
        >
          回执号 <strong>{receipt}</strong>
        </p>
      ))}
      <p>凭此号可核验选票已计入，不显示选票内容。请记下或截图保存。</p>
      <Link className="ballot-link" to={`/ballot?receipt=${receipts[receipts.length - 1]}`}>
        核验回执号
      </Link>
    </section>
  );
}
