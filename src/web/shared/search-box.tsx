import { Input } from 'antd';
import { useState } from 'react';

/**
 * A list's search field: what is typed stays local until searched (Enter or the button); clearing it
 * searches for everything at once; the applied query, when it changes elsewhere (a reset), is shown.
 */
export function SearchBox(props: {
  query: string | undefined;
  onSearch: (query: string | undefined) => void;
  placeholder: string;
  label: string;
  maxLength: number;
  width: number;
}) {
  const { query, onSearch } = props;
  const [text, setText] = useState(query ?? '');
  // React's "adjust state when a prop changes": a reset elsewhere clears what is shown.
  const [shownQuery, setShownQuery] = useState(query);
  if (query !== shownQuery) {
    setShownQuery(query);
    setText(query ?? '');
  }
  return (
    <Input.Search
      className="toolbar-field"
      style={{ width: props.width }}
      placeholder={props.placeholder}
      aria-label={props.label}
      maxLength={props.maxLength}
      allowClear
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (!e.target.value) onSearch(undefined);
      }}
      onSearch={(value) => onSearch(value.trim() || undefined)}
    />
  );
}
