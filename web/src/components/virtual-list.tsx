import type { ComponentChildren, JSX } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

/**
 * A list that renders only the rows in view (plus a margin), so a column of 5,000 cards costs
 * what 20 do. Rows have a fixed height; the scroller keeps the full height for the scrollbar.
 */

export interface VirtualListProps {
  readonly count: number;
  readonly rowHeight: number;
  readonly renderRow: (index: number) => ComponentChildren;
  readonly class?: string;
  readonly overscan?: number;
  /** Told which rows are shown, to load pages on demand. */
  readonly onRange?: (start: number, end: number) => void;
  /** Scrolls this row into view when it changes (keyboard navigation). */
  readonly scrollTo?: number | undefined;
  readonly gap?: number;
}

export function VirtualList(props: VirtualListProps): JSX.Element {
  const { count, rowHeight, overscan = 6, gap = 0 } = props;
  const stride = rowHeight + gap;
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setHeight(element.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = scroller.current;
    if (!element || props.scrollTo === undefined) return;
    const rowTop = props.scrollTo * stride;
    if (rowTop < element.scrollTop) element.scrollTop = rowTop;
    else if (rowTop + rowHeight > element.scrollTop + element.clientHeight)
      element.scrollTop = rowTop + rowHeight - element.clientHeight;
  }, [props.scrollTo, stride, rowHeight]);

  const start = Math.max(0, Math.floor(top / stride) - overscan);
  const end = Math.min(count, Math.ceil((top + height) / stride) + overscan);
  const onRange = props.onRange;
  useEffect(() => onRange?.(start, end), [start, end, onRange]);

  const rows: ComponentChildren[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div
        class="vrow"
        key={i}
        style={{ transform: `translateY(${i * stride}px)`, height: `${rowHeight}px` }}
      >
        {props.renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      ref={scroller}
      class={`vscroll ${props.class ?? ""}`}
      onScroll={(event) => setTop((event.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div class="vspace" style={{ height: `${Math.max(0, count * stride - gap)}px` }}>
        {rows}
      </div>
    </div>
  );
}
