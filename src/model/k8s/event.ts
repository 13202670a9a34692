// The typed record of a Event, as the loader reduces it at the edge (src/bundle/k8s.ts).

export interface EventRecord {
  namespace: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  /** Most recent time the event was seen (ISO), if any. */
  time?: string;
  firstTime?: string;
  objectKind: string;
  objectName: string;
  objectNamespace?: string;
  /** Node the reporter ran on (kubelet's host), when recorded. */
  sourceHost?: string;
  component?: string;
  /** The bundle file it was read from (a foreign bundle has several per kind). */
  file: string;
  line: number;
}
