import { useCallback, useEffect, useRef, useState } from 'react';
import { listOrgs } from '../api/list-orgs.js';
import type { Org } from '../../../../contract/orgs.js';

export interface OrgTreeState {
  /** Ids of the user's scope roots; null until loaded. */
  roots: number[] | null;
  nodes: Record<number, Org>;
  /** Loaded child lists; a missing entry means "not loaded yet". */
  children: Record<number, number[]>;
}

function insertSorted(ids: number[], nodes: Record<number, Org>, org: Org): number[] {
  const without = ids.filter((id) => id !== org.id);
  let at = without.length;
  for (let i = 0; i < without.length; i++) {
    const other = nodes[without[i]!];
    if (other && other.sortOrder > org.sortOrder) {
      at = i;
      break;
    }
  }
  return [...without.slice(0, at), org.id, ...without.slice(at)];
}

function withCount(nodes: Record<number, Org>, id: number | null, delta: number): Record<number, Org> {
  if (id === null) return nodes;
  const node = nodes[id];
  if (!node) return nodes;
  return { ...nodes, [id]: { ...node, childCount: Math.max(0, node.childCount + delta) } };
}

/** Drops the cached child lists of `id` and everything below it (their paths may be stale). */
function dropSubtree(children: Record<number, number[]>, id: number): Record<number, number[]> {
  const next = { ...children };
  const stack = [id];
  while (stack.length) {
    const current = stack.pop()!;
    const kids = next[current];
    if (kids) stack.push(...kids);
    delete next[current];
  }
  return next;
}

/**
 * The part of the org tree the user has opened so far. Child lists load on demand, so trees with tens of
 * thousands of orgs stay cheap; edits patch the cache instead of reloading it.
 */
export function useOrgTree() {
  const [state, setState] = useState<OrgTreeState>({ roots: null, nodes: {}, children: {} });
  const [rootError, setRootError] = useState<unknown>(null);
  // In-flight child requests, and the committed state for callbacks (never read during render).
  const pending = useRef(new Map<number, Promise<void>>());
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);

  const loadRoots = useCallback(async () => {
    setRootError(null);
    try {
      const { items } = await listOrgs(null);
      setState((s) => {
        const nodes = { ...s.nodes };
        for (const org of items) nodes[org.id] = org;
        return { ...s, roots: items.map((o) => o.id), nodes };
      });
    } catch (error) {
      setRootError(error);
    }
  }, []);

  /** Loads the children of `id` unless already loaded; concurrent callers share the request. */
  const ensureChildren = useCallback((id: number): Promise<void> => {
    if (latest.current.children[id]) return Promise.resolve();
    const inFlight = pending.current.get(id);
    if (inFlight) return inFlight;
    const promise = listOrgs(id)
      .then(({ items }) => {
        setState((s) => {
          const nodes = { ...s.nodes };
          for (const org of items) nodes[org.id] = org;
          const parent = nodes[id];
          if (parent && parent.childCount !== items.length)
            nodes[id] = { ...parent, childCount: items.length };
          return { ...s, nodes, children: { ...s.children, [id]: items.map((o) => o.id) } };
        });
      })
      .finally(() => pending.current.delete(id));
    pending.current.set(id, promise);
    return promise;
  }, []);

  /** A node changed in place (rename, level, sort order). */
  const upsert = useCallback((org: Org) => {
    setState((s) => {
      const nodes = { ...s.nodes, [org.id]: { ...s.nodes[org.id], ...org } };
      const children = { ...s.children };
      if (org.parentId !== null && children[org.parentId]) {
        children[org.parentId] = insertSorted(children[org.parentId]!, nodes, org);
      }
      return { ...s, nodes, children };
    });
  }, []);

  /** A new org was created. */
  const added = useCallback((org: Org) => {
    setState((s) => {
      let nodes = { ...s.nodes, [org.id]: org };
      const children = { ...s.children, [org.id]: [] };
      if (org.parentId === null) {
        return { ...s, nodes, children, roots: insertSorted(s.roots ?? [], nodes, org) };
      }
      const parent = nodes[org.parentId];
      const siblings = children[org.parentId];
      if (siblings) children[org.parentId] = insertSorted(siblings, nodes, org);
      // A former leaf has exactly this one child, so its list counts as loaded.
      else if (parent && parent.childCount === 0) children[org.parentId] = [org.id];
      nodes = withCount(nodes, org.parentId, +1);
      return { ...s, nodes, children };
    });
  }, []);

  /** An org was deleted (it had no children). */
  const removed = useCallback((org: Org) => {
    setState((s) => {
      const nodes = withCount({ ...s.nodes }, org.parentId, -1);
      delete nodes[org.id];
      const children = { ...s.children };
      delete children[org.id];
      if (org.parentId !== null && children[org.parentId]) {
        children[org.parentId] = children[org.parentId]!.filter((id) => id !== org.id);
      }
      const roots = s.roots?.filter((id) => id !== org.id) ?? null;
      return { roots, nodes, children };
    });
  }, []);

  /** An org moved from `oldParentId` to `org.parentId`; the paths below it changed. */
  const moved = useCallback((org: Org, oldParentId: number | null) => {
    setState((s) => {
      let nodes = { ...s.nodes, [org.id]: org };
      let children = dropSubtree(s.children, org.id);
      if (oldParentId !== null && children[oldParentId]) {
        children[oldParentId] = children[oldParentId]!.filter((id) => id !== org.id);
      }
      nodes = withCount(nodes, oldParentId, -1);
      let roots = s.roots;
      if (oldParentId === null) roots = roots?.filter((id) => id !== org.id) ?? null;
      if (org.parentId !== null) {
        const parent = nodes[org.parentId];
        const siblings = children[org.parentId];
        if (siblings) children = { ...children, [org.parentId]: insertSorted(siblings, nodes, org) };
        else if (parent && parent.childCount === 0) children = { ...children, [org.parentId]: [org.id] };
        nodes = withCount(nodes, org.parentId, +1);
      }
      return { roots, nodes, children };
    });
  }, []);

  return { state, rootError, loadRoots, ensureChildren, upsert, added, removed, moved };
}
