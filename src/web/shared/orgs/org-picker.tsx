import { Select, Typography } from 'antd';
import { useState } from 'react';
import { orgLevelLabels } from '../../../domain/org-tree.js';
import { useDebouncedValue } from '../use-debounced-value.js';
import { getOrg } from './get-org.js';
import { listOrgs } from './list-orgs.js';
import { searchOrgs } from './search-orgs.js';
import type { Items } from '../../../contract/common.js';
import type { Org, OrgSearchHit } from '../../../contract/orgs.js';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { orgKeys } from '../query-keys.js';

export interface OrgPickerProps {
  value?: number | null;
  onChange?: (value: number | null, hit: OrgSearchHit | null) => void;
  /** Name to show for the current value before any search (e.g. the org of the user being edited). */
  selectedLabel?: string | null;
  /** Hits to leave out (e.g. an org and its subtree when picking where to move it). */
  exclude?: (hit: OrgSearchHit) => boolean;
  placeholder?: string;
  allowClear?: boolean;
  autoFocus?: boolean;
  id?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
  'aria-label'?: string;
}

interface Option {
  value: number;
  label: string;
  hit: OrgSearchHit | null;
}

/**
 * Picks one org by typing part of its name (server search, never the whole tree). With nothing typed, the
 * dropdown offers the roots of the user's scope.
 */
export function OrgPicker({
  value,
  onChange,
  selectedLabel,
  exclude,
  placeholder = '输入名称搜索组织',
  allowClear = true,
  autoFocus,
  id,
  style,
  ...rest
}: OrgPickerProps) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ id: number; name: string } | null>(null);
  const query = useDebouncedValue(search.trim().slice(0, 100), 250);

  const enabled = query !== '' || open;
  const {
    data,
    isFetching: loading,
    error,
  } = useQuery({
    queryKey: query ? orgKeys.search(query) : orgKeys.children(null),
    queryFn: !enabled
      ? skipToken
      : query
        ? ({ signal }) => searchOrgs(query, signal)
        : ({ signal }) => listOrgs(null, signal),
    placeholderData: keepPreviousData,
    // The roots share their cache entry with every other list of them, so they get their path here.
    select: ({ items }: Items<OrgSearchHit | Org>): OrgSearchHit[] =>
      items.map((org) => ('pathNames' in org ? org : { ...org, pathNames: [org.name] })),
  });

  const hits = (enabled ? (data ?? []) : []).filter((hit) => !exclude?.(hit));
  const options: Option[] = hits.map((hit) => ({ value: hit.id, label: hit.name, hit }));
  const named =
    picked && picked.id === value
      ? picked
      : value != null && selectedLabel
        ? { id: value, name: selectedLabel }
        : null;
  // A value given without its name (a saved record opened for editing) is named by the server, so
  // the field never shows a bare id.
  const unnamed = value != null && named === null ? value : null;
  const { data: fetched, error: unnamedError } = useQuery({
    queryKey: orgKeys.detail(unnamed ?? 0),
    queryFn: unnamed === null ? skipToken : ({ signal }) => getOrg(unnamed, signal),
  });
  const known = named ?? (fetched && fetched.id === value ? { id: fetched.id, name: fetched.name } : null);
  if (known && !options.some((o) => o.value === known.id)) {
    options.unshift({ value: known.id, label: known.name, hit: null });
  }

  const typing = search.trim().slice(0, 100) !== query;
  return (
    <Select<number | null, Option>
      id={id}
      style={{ width: '100%', ...style }}
      value={value ?? null}
      placeholder={placeholder}
      allowClear={allowClear}
      autoFocus={autoFocus}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      open={open}
      onOpenChange={setOpen}
      loading={loading || typing}
      options={options}
      // Until the name of a value arrives (or when the reader may not see that org) the field says
      // so in words: antd would otherwise show the bare id.
      labelRender={({ value: shown, label }) =>
        options.some((o) => o.value === shown)
          ? label
          : unnamedError
            ? '（无法显示的组织）'
            : '正在载入组织名称…'
      }
      data-testid={rest['data-testid']}
      aria-label={rest['aria-label']}
      notFoundContent={
        error ? (
          <Typography.Text type="danger">搜索失败，请重试</Typography.Text>
        ) : loading || typing ? (
          '搜索中…'
        ) : query ? (
          '没有匹配的组织'
        ) : (
          '暂无组织'
        )
      }
      optionRender={(option) => {
        const hit = option.data.hit;
        return (
          <div>
            <span>{option.data.label}</span>
            {hit && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                {orgLevelLabels[hit.level]}
              </Typography.Text>
            )}
            {hit && hit.pathNames.length > 1 && (
              <span className="option-path">{hit.pathNames.slice(0, -1).join(' / ')}</span>
            )}
          </div>
        );
      }}
      onChange={(next, option) => {
        const opt = Array.isArray(option) ? undefined : option;
        setPicked(next != null && opt ? { id: next, name: opt.label } : null);
        setSearch('');
        onChange?.(next ?? null, opt?.hit ?? null);
      }}
    />
  );
}
