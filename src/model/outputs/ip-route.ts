// What `ip route show` says, as the parser (src/parsers/ip-route.ts) reads it.

export interface Route {
  type: string;
  dst: string;
  via?: string;
  dev?: string;
  proto?: string;
  scope?: string;
  src?: string;
  onlink: boolean;
  line: number;
}

export interface RouteTable {
  format: 'ip-route';
  routes: Route[];
  unparsed: { line: number; text: string }[];
}
